import { TablebotError } from '../../errors';

/** Direct Line error codes, as Azure Direct Line names them in `{ error: { code, message } }`. */
export type DirectLineErrorCode =
  'BadArgument' | 'TokenExpired' | 'Unauthorized' | 'NotFound' | 'BotError' | 'UpstreamError';

const STATUS_BY_CODE: Record<DirectLineErrorCode, number> = {
  BadArgument: 400,
  Unauthorized: 401,
  TokenExpired: 403,
  NotFound: 404,
  BotError: 502,
  UpstreamError: 502,
};

/**
 * A failed Direct Line request. `status` follows the protocol as Direct Line JS reads it:
 * 403 means "token expired or not valid for this conversation", 404 "conversation ended".
 */
export class DirectLineError extends TablebotError {
  /** The HTTP status to answer with. */
  public readonly status: number;
  /** The Direct Line error code (`BadArgument`, `TokenExpired`, ...). */
  public readonly directLineCode: DirectLineErrorCode;

  constructor(code: DirectLineErrorCode, message: string, options?: { cause?: unknown }) {
    super('DIRECT_LINE_' + code.toUpperCase(), message, options);
    this.directLineCode = code;
    this.status = STATUS_BY_CODE[code];
  }

  /** The JSON body Direct Line clients expect for an error. */
  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.directLineCode, message: this.message } };
  }
}

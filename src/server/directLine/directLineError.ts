import { ERRORS, TablebotError, type ErrorCode } from '../../errors';

/** Direct Line error codes, as Azure Direct Line names them in `{ error: { code, message } }`. */
export type DirectLineErrorCode =
  'BadArgument' | 'TokenExpired' | 'Unauthorized' | 'NotFound' | 'BotError' | 'UpstreamError';

/** tablebot's error code for each Direct Line code (the HTTP status comes from the catalog). */
const CODE: Record<DirectLineErrorCode, ErrorCode> = {
  BadArgument: 'DIRECT_LINE_BADARGUMENT',
  Unauthorized: 'DIRECT_LINE_UNAUTHORIZED',
  TokenExpired: 'DIRECT_LINE_TOKENEXPIRED',
  NotFound: 'DIRECT_LINE_NOTFOUND',
  BotError: 'DIRECT_LINE_BOTERROR',
  UpstreamError: 'DIRECT_LINE_UPSTREAMERROR',
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
    super(CODE[code], message, options);
    this.directLineCode = code;
    this.status = ERRORS[CODE[code]].http;
  }

  /** The JSON body Direct Line clients expect for an error. */
  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.directLineCode, message: this.message } };
  }
}

/**
 * Removes secrets from text before it is stored in the audit log: passwords in connection URLs
 * (`scheme://user:secret@host`), `password=`/`secret=`/`token=`/`key=` parameters, `Bearer ...` credentials,
 * JWTs (three base64url segments) and long opaque tokens (32+ characters of base64/hex with letters and digits; underscores excluded so long identifiers survive; or `sk-...`, `xox?-...`
 * style keys). What remains says what was asked without anything that would let a reader log in somewhere.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(\b[a-z][\w+.-]*:\/\/[^\s:/@'"]+):[^\s@'"]*@/gi, '$1:***@')
    .replace(
      /\b((?:ssl)?password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)(\s*[=:]\s*)('[^']*'|"[^"]*"|[^\s&;,'"]+)/gi,
      '$1$2***',
    )
    .replace(/\b(bearer|basic)\s+[\w\-.~+/=]{8,}/gi, '$1 ***')
    .replace(/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, '***')
    .replace(/\b(?:sk|pk|rk|xox[abposr]|ghp|gho|github_pat|AKIA)[-_]?[A-Za-z0-9_-]{12,}/g, '***')
    .replace(
      /(?<![\w.])(?=[A-Za-z0-9+/-]*\d)(?=[A-Za-z0-9+/-]*[A-Za-z])[A-Za-z0-9+/-]{32,}={0,2}(?![\w])/g,
      '***',
    );
}

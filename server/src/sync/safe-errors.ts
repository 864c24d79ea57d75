// What the plugin stores, logs or emits about a failure never carries SQL, bound values or item content.
// On SQLite and MySQL, knex puts the failed statement with its bound values into the error's message
// (`insert into … values ('<a mail body>') - SQLITE_CONSTRAINT: …`; mysql2 also keeps it in `sql`), and
// MySQL's own texts quote the value (`Duplicate entry '<subject>' for key …`, `Incorrect string value:
// '\xF0…' for column …`). Such errors become a plain message built only from what names a column or a
// constraint; the database's code is kept for the logs.

export interface SafeError {
  /** 'database_error' for any database failure. */
  code: string;
  message: string;
  /** The database's own code (SQLITE_CONSTRAINT, ER_DATA_TOO_LONG, 22001…): for logs, never content. */
  detail?: string;
}

interface DbErrorLike {
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  sqlMessage?: unknown;
  sql?: unknown;
  severity?: unknown;
  routine?: unknown;
  column?: unknown;
  table?: unknown;
  constraint?: unknown;
  message?: unknown;
  name?: unknown;
}

const SQL_START = /^\s*(insert|update|delete|select|with|create|alter|drop|pragma|replace)\b/i;
// PostgreSQL SQLSTATE: five characters, classes 0-9/A-Z.
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Whether `error` comes from the database driver or knex (and may carry SQL or bound values). */
export function isDatabaseError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as DbErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('SQLITE_') || code.startsWith('ER_') || typeof e.sqlMessage === 'string' || typeof e.sql === 'string') return true;
  if (SQLSTATE.test(code) && (typeof e.severity === 'string' || typeof e.routine === 'string')) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return SQL_START.test(message) || /\b(SQLITE_[A-Z_]+|ER_[A-Z_]+)\b/.test(message);
}

/** The plain reason for a database failure, naming at most a column or constraint. */
function databaseReason(e: DbErrorLike): string {
  const code = typeof e.code === 'string' ? e.code : '';
  const text = `${typeof e.sqlMessage === 'string' ? e.sqlMessage : ''} ${typeof e.message === 'string' ? lastPart(e.message) : ''}`;
  const column = typeof e.column === 'string' && e.column ? e.column : (/for column [`'"]?([\w.]+)[`'"]?/i.exec(text)?.[1] ?? /Column [`'"]([\w.]+)[`'"] cannot be null/i.exec(text)?.[1]);
  const constraintName = typeof e.constraint === 'string' && e.constraint ? e.constraint : /for key [`'"]([\w.]+)[`'"]/i.exec(text)?.[1];
  const sqliteColumn = /constraint failed: ([\w.]+(?:, [\w.]+)*)/i.exec(text)?.[1];
  if (code === 'ER_DATA_TOO_LONG' || code === '22001' || /too long|SQLITE_TOOBIG|string or blob too big/i.test(text)) return `value too long${column ? ` for ${column}` : ''}`;
  if (code === 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD' || code === 'ER_TRUNCATED_WRONG_VALUE' || code === '22P05' || code === '22021') return `a value the column cannot hold${column ? ` in ${column}` : ''}`;
  if (code === 'ER_DUP_ENTRY' || code === '23505' || /UNIQUE constraint failed/i.test(text)) return `duplicate value${constraintName ? ` for ${constraintName}` : sqliteColumn ? ` for ${sqliteColumn}` : ''}`;
  if (code === 'ER_BAD_NULL_ERROR' || code === '23502' || /NOT NULL constraint failed/i.test(text)) return `missing value${column ? ` for ${column}` : sqliteColumn ? ` for ${sqliteColumn}` : ''}`;
  if (code === 'ER_LOCK_DEADLOCK' || code === '40P01' || code === 'SQLITE_BUSY' || code === 'ER_LOCK_WAIT_TIMEOUT') return 'the database was busy (lock wait or deadlock); the next run tries again';
  return 'the database refused the statement';
}

/** knex appends the driver's message after " - "; only that part can name a column. */
function lastPart(message: string): string {
  const at = message.lastIndexOf(' - ');
  return at === -1 ? (SQL_START.test(message) ? '' : message) : message.slice(at + 3);
}

function databaseCode(e: DbErrorLike): string | undefined {
  const code = typeof e.code === 'string' && e.code ? e.code : typeof e.errno === 'number' ? `errno ${e.errno}` : undefined;
  return code ?? /\b(SQLITE_[A-Z_]+|ER_[A-Z_]+)\b/.exec(typeof e.message === 'string' ? e.message : '')?.[1];
}

/**
 * A failure as the plugin may store, log or emit it. `what` names the item (documentId or remote id),
 * never its content. Database errors are mapped to a plain message; others keep their message.
 */
export function safeError(error: unknown, what?: string): SafeError {
  if (isDatabaseError(error)) {
    const e = error as DbErrorLike;
    const detail = databaseCode(e);
    return { code: 'database_error', message: `the database refused the write${what ? ` of ${what}` : ''}: ${databaseReason(e)}`, ...(detail ? { detail } : {}) };
  }
  // Strapi's own database errors (NotNullError…) wrap the driver's; look one level in.
  const cause = error && typeof error === 'object' ? (error as { cause?: unknown }).cause : undefined;
  if (cause && isDatabaseError(cause)) return safeError(cause, what);
  const prefix = what ? `${what}: ` : '';
  if (error instanceof Error) return { code: errorCode(error), message: prefix + boundedMessage(error.message) };
  return { code: 'internal_error', message: prefix + boundedMessage(String(error)) };
}

/** A line for the log: the plain message and, for a database failure, the database's code only. */
export function safeLogMessage(error: unknown, what?: string): string {
  const safe = safeError(error, what);
  return safe.detail ? `${safe.message} (${safe.detail})` : safe.message;
}

function errorCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code ? code : 'internal_error';
}

// A message quoting a whole value (a malformed date-time of a megabyte) is cut: an error names, it does not carry.
const MAX_MESSAGE = 500;

function boundedMessage(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE)}… (cut)`;
}

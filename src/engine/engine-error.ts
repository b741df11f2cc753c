// The one error class the engine throws. The runtime maps it to a PowerShell-style error record, so
// it carries a stable `code` to branch on, the kind and name of the object it is about, and a
// single-line message that names that object and the reason (never a stack trace for the user).

/** Stable codes; add new ones here so every part of the engine shares one vocabulary. */
export type EngineErrorCode =
  | 'VBRS_UNKNOWN_HOST'
  | 'VBRS_UNKNOWN_OBJECT'
  | 'VBRS_DUPLICATE_NAME'
  | 'VBRS_INVALID_ARGUMENT'
  | 'VBRS_IN_USE'
  | 'VBRS_IO'
  | 'VBRS_CATALOG'
  | 'VBRS_CATALOG_BUSY'
  | 'VBRS_SNAPSHOT_EXISTS'
  | 'VBRS_NO_SNAPSHOT'
  | 'VBRS_CBT_DISABLED'
  | 'VBRS_CBT_RESET'
  | 'VBRS_ARRAY_DISCONNECTED'
  | 'VBRS_NO_EXPORT_LICENSE'
  /** Backup from storage snapshots: the secondary array cannot be used and the job may not fail over. */
  | 'VBRS_SECONDARY_UNAVAILABLE'
  | 'VBRS_PROXY_UNAVAILABLE'
  | 'VBRS_REPOSITORY_UNAVAILABLE'
  | 'VBRS_UNSUPPORTED'
  | 'VBRS_JOB_DISABLED'
  /** A running operation was stopped (Stop-Job, Ctrl+C); nothing partial is left visible. */
  | 'VBRS_CANCELLED'
  /** The engine is closing or closed: nothing new may start. */
  | 'VBRS_CLOSED'
  | 'VBRS_REPOSITORY_FULL'
  | 'VBRS_REPOSITORY_READ_ONLY'
  /** The repository's files are not in the documented format (docs/repository-format.md). */
  | 'VBRS_REPOSITORY_FORMAT'
  | 'VBRS_NO_RESTORE_POINT'
  /** A stored block no longer matches its checksum. */
  | 'VBRS_CORRUPT_BLOCK'
  /** A file of the repository (chain, index, digests, manifest) fails its checksum or is malformed. */
  | 'VBRS_REPOSITORY_DAMAGED'
  | (string & {});

/** The kind of catalog object an error is about (free-form for parts not known here). */
export type EngineObjectKind =
  | 'Host'
  | 'Datastore'
  | 'VM'
  | 'Disk'
  | 'Snapshot'
  | 'Proxy'
  | 'Repository'
  | 'StorageArray'
  | 'Volume'
  | 'StorageSnapshot'
  | 'Credential'
  | 'ThrottlingRule'
  | 'Lab'
  | 'Catalog'
  | 'Image'
  | (string & {});

export interface EngineErrorInit {
  kind?: EngineObjectKind;
  name?: string;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly kind: EngineObjectKind | undefined;
  readonly objectName: string | undefined;

  constructor(code: EngineErrorCode, message: string, init: EngineErrorInit = {}) {
    super(message.replace(/\s*\n\s*/g, ' '), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'EngineError';
    this.code = code;
    this.kind = init.kind;
    this.objectName = init.name;
  }

  /** `VM 'web01' was not found.` — the common case, worded the same everywhere. */
  static notFound(kind: EngineObjectKind, name: string): EngineError {
    const code = kind === 'Host' ? 'VBRS_UNKNOWN_HOST' : 'VBRS_UNKNOWN_OBJECT';
    return new EngineError(code, `${kind} '${name}' was not found.`, { kind, name });
  }

  static duplicate(kind: EngineObjectKind, name: string): EngineError {
    return new EngineError('VBRS_DUPLICATE_NAME', `${kind} '${name}' already exists.`, { kind, name });
  }

  static invalid(kind: EngineObjectKind, name: string, reason: string): EngineError {
    return new EngineError('VBRS_INVALID_ARGUMENT', `${kind} '${name}': ${reason}`, { kind, name });
  }
}

export function isEngineError(e: unknown, code?: EngineErrorCode): e is EngineError {
  return e instanceof EngineError && (code === undefined || e.code === code);
}

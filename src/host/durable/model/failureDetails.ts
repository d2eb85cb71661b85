/**
 * Why a task or orchestration failed, as the Durable Task Framework's FailureDetails and as
 * durable-functions 3.5 reads it (PascalCase on the wire): the error's type, message and stack, the
 * properties an ExceptionPropertiesProvider attached, and the failure that caused it.
 */
export interface FailureDetails {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
  IsNonRetriable: boolean;
  Properties?: Record<string, unknown>;
  InnerFailure?: FailureDetails;
}

/** The failure as the Durable Task Framework prints it, and as a failed orchestration's output then reads: `ErrorType: ErrorMessage`. */
export function failureDetailsText(details: FailureDetails): string {
  return `${details.ErrorType}: ${details.ErrorMessage}`;
}

/** The orchestration could not run under the app's versioning settings (Durable Task Framework's text). */
export function versionMismatchFailure(): FailureDetails {
  return { ErrorType: 'VersionMismatch', ErrorMessage: 'Orchestration version did not comply with Worker Versioning', IsNonRetriable: true };
}

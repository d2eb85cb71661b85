import type { FailureDetails } from '../model/failureDetails';

/**
 * The structured failure durable-functions 3.5 puts in an activity's error message when the app
 * registered an ExceptionPropertiesProvider (`df.app.setExceptionPropertiesProvider`):
 * `{"errorType", "errorMessage", "isNonRetriable", "properties", "stackTrace"}`. The extension
 * (3.14 and later) reads it into the TaskFailed event's FailureDetails; a plain message is no such payload.
 */
export function decodeActivityFailure(message: string): FailureDetails | undefined {
  const text = message.trim();
  if (!text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.errorType !== 'string' || typeof value.errorMessage !== 'string') return undefined;
  const details: FailureDetails = { ErrorType: value.errorType, ErrorMessage: value.errorMessage, IsNonRetriable: value.isNonRetriable === true };
  if (typeof value.stackTrace === 'string') details.StackTrace = value.stackTrace;
  if (isObject(value.properties)) details.Properties = value.properties;
  return details;
}

/** The `failureDetails` an orchestrator's state carries when it failed with a TaskFailedError (PascalCase, as the SDK writes it). */
export function decodeOrchestratorFailure(value: unknown, depth = 0): FailureDetails | undefined {
  if (!isObject(value) || typeof value.ErrorType !== 'string' || depth > 32) return undefined;
  const details: FailureDetails = {
    ErrorType: value.ErrorType,
    ErrorMessage: typeof value.ErrorMessage === 'string' ? value.ErrorMessage : '',
    IsNonRetriable: value.IsNonRetriable === true,
  };
  if (typeof value.StackTrace === 'string') details.StackTrace = value.StackTrace;
  if (isObject(value.Properties)) details.Properties = value.Properties;
  const inner = decodeOrchestratorFailure(value.InnerFailure, depth + 1);
  if (inner) details.InnerFailure = inner;
  return details;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

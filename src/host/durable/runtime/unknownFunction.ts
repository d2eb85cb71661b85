export type DurableFunctionKind = 'activity' | 'orchestrator' | 'entity';

/**
 * What the Durable extension says of a call to a function it does not know (ThrowIfFunctionDoesNotExist):
 * one that was never registered, has another trigger, or is turned off with AzureWebJobs.<name>.Disabled.
 */
export function unknownFunctionMessage(kind: DurableFunctionKind, name: string, known: readonly string[]): string {
  const message = `The function '${name}' doesn't exist, is disabled, or is not an ${kind} function. Additional info: `;
  if (known.length) return `${message}The following are the known ${kind} functions: '${known.join("', '")}'.`;
  return `${message}No ${kind} functions are currently registered!`;
}

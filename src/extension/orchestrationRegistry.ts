// Lets HTTP starters tell an unknown orchestration name (404) from a real one before asking the runtime.
const orchestrationNames = new Set<string>();

/** Records that an orchestration with this name is registered in this app. */
export function rememberOrchestrationName(name: string): void {
  orchestrationNames.add(name);
}

/** Names of the orchestrations defined through `defineOrchestration`, in definition order. */
export function registeredOrchestrationNames(): string[] {
  return [...orchestrationNames];
}

export function isRegisteredOrchestration(name: string): boolean {
  return orchestrationNames.has(name);
}

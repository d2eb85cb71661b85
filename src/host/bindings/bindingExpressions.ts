import { randomUUID } from 'node:crypto';
import { resolveAppSettings } from '../config/appSettings';

/** A binding property that names something this invocation cannot supply (`{name}` with no such value). */
export class BindingExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BindingExpressionError';
  }
}

/**
 * Resolves a binding property as the Functions host does: `%Setting%` from the app settings, then
 * `{name}` from the invocation's binding data (route parameters, query, the trigger's JSON
 * properties and metadata), names ignoring case, dotted paths into objects; `{rand-guid}` and
 * `{DateTime}` are new each time.
 */
export function resolveBindingExpression(template: string, data: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): string {
  const withSettings = resolveAppSettings(template, env);
  return withSettings.replace(/\{([^{}]+)\}/g, (_whole, expression: string) => {
    const name = expression.trim();
    if (name.toLowerCase() === 'rand-guid') return randomUUID();
    if (name.toLowerCase() === 'datetime') return new Date().toISOString();
    const value = lookup(data, name.split('.'));
    if (value === undefined || value === null) {
      throw new BindingExpressionError(`No value for named parameter '${name}' in '${template}': the trigger, route and query of this invocation have no '${name}'.`);
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function lookup(data: unknown, path: string[]): unknown {
  let current = data;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = Object.keys(current as object).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

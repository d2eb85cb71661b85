import { isFunctionDisabled } from '../config/appSettings';
import type { TriggeredFunction } from '../worker/AppFunctions';

/**
 * One function as the Functions host's `GET /admin/functions[/{name}]` describes it (its
 * FunctionMetadataResponse). The app's functions are worker-indexed, so there is no function.json:
 * `config` holds the bindings the worker registered, each with its name.
 */
export interface FunctionMetadataResponse {
  name: string;
  script_root_path_href: string | null;
  script_href: string | null;
  config_href: string | null;
  test_data_href: string | null;
  href: string;
  invoke_url_template: string | null;
  language: string;
  config: { bindings: Record<string, unknown>[] };
  files: Record<string, string> | null;
  test_data: string | null;
  isDisabled: boolean;
  isDirect: boolean;
  isProxy: boolean;
}

/** The HTTP trigger's URL as the Functions host builds it: base, route prefix, route (or the name), lower-cased. */
function invokeUrlTemplate(fn: TriggeredFunction, baseUrl: string, routePrefix: string): string | null {
  if (fn.trigger.type.toLowerCase() !== 'httptrigger') return null;
  const route = typeof fn.trigger.route === 'string' && fn.trigger.route ? fn.trigger.route : fn.name;
  const prefix = routePrefix ? `/${routePrefix.replace(/\/+$/, '')}` : '';
  return `${baseUrl.replace(/\/+$/, '')}${prefix}/${route.replace(/^\/+/, '')}`.toLowerCase();
}

export function functionMetadataResponse(fn: TriggeredFunction, baseUrl: string, routePrefix: string, env: NodeJS.ProcessEnv = process.env): FunctionMetadataResponse {
  const bindings = Object.entries(fn.metadata.bindings ?? {}).map(([name, binding]) => ({ name, ...binding }));
  return {
    name: fn.name,
    script_root_path_href: null,
    script_href: null,
    config_href: null,
    test_data_href: null,
    href: `${baseUrl.replace(/\/+$/, '')}/admin/functions/${encodeURIComponent(fn.name)}`,
    invoke_url_template: invokeUrlTemplate(fn, baseUrl, routePrefix),
    language: 'node',
    config: { bindings },
    files: null,
    test_data: null,
    isDisabled: isFunctionDisabled(fn.name, env),
    isDirect: false,
    isProxy: false,
  };
}

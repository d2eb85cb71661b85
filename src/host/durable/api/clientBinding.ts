/** The durable client input binding's data (durable-protocol.md section 2), pointing at this host. */
export interface DurableClientBindingData {
  taskHubName: string;
  connectionName: string;
  creationUrls: { createNewInstancePostUri: string; createAndWaitOnNewInstancePostUri: string };
  managementUrls: ManagementUrls;
  baseUrl: string;
  requiredQueryStringParameters: string;
  rpcBaseUrl: string;
}

export interface ManagementUrls {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  rewindPostUri: string;
  purgeHistoryDeleteUri: string;
  restartPostUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

export const WEBHOOK_PATH = 'runtime/webhooks/durabletask';
const CONNECTION = 'Storage';

/** Where the management API lives: `publicBase` for URLs handed to people, `rpcBase` for the SDK's own calls. */
export interface ManagementEndpoints {
  publicBaseUrl: string;
  rpcBaseUrl: string;
  taskHubName: string;
  /** With keys on: the key the public management URLs carry (as the extension's system key). */
  code?: string;
}

function requiredQuery(endpoints: ManagementEndpoints): string {
  const code = endpoints.code ? `&code=${encodeURIComponent(endpoints.code)}` : '';
  return `taskHub=${encodeURIComponent(endpoints.taskHubName)}&connection=${CONNECTION}${code}`;
}

export function managementUrls(endpoints: ManagementEndpoints, instanceId: string): ManagementUrls {
  const base = `${endpoints.publicBaseUrl}/${WEBHOOK_PATH}/instances/${encodeURIComponent(instanceId)}`;
  const query = requiredQuery(endpoints);
  return {
    id: instanceId,
    statusQueryGetUri: `${base}?${query}`,
    sendEventPostUri: `${base}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${base}/terminate?reason={text}&${query}`,
    rewindPostUri: `${base}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${base}?${query}`,
    restartPostUri: `${base}/restart?${query}`,
    suspendPostUri: `${base}/suspend?reason={text}&${query}`,
    resumePostUri: `${base}/resume?reason={text}&${query}`,
  };
}

export function durableClientBindingData(endpoints: ManagementEndpoints): DurableClientBindingData {
  const query = requiredQuery(endpoints);
  const webhooks = `${endpoints.publicBaseUrl}/${WEBHOOK_PATH}`;
  // The SDK fills in the INSTANCEID placeholder itself.
  const urls = managementUrls(endpoints, 'INSTANCEID');
  return {
    taskHubName: endpoints.taskHubName,
    connectionName: CONNECTION,
    creationUrls: {
      createNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?${query}`,
      createAndWaitOnNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: { ...urls, id: 'INSTANCEID' },
    baseUrl: `${webhooks}/`,
    requiredQueryStringParameters: query,
    rpcBaseUrl: `${endpoints.rpcBaseUrl}/${WEBHOOK_PATH}/`,
  };
}

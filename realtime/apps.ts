// The configured apps, indexed by key (WebSocket handshakes arrive on /app/:key)
// and by id (the REST API is /apps/:id), each wired to its webhook sender when
// it names a webhook URL; the senders are kept so shutdown can drain them.
import { AppState, type AppConfig } from "./channels";
import type { RealtimeLogger } from "./types";
import { WebhookSender } from "./webhooks";

export interface LoadedApps {
  appsByKey: Map<string, AppState>;
  appsById: Map<string, AppState>;
  webhookSenders: WebhookSender[];
}

export function loadApps(apps: AppConfig[], log: RealtimeLogger): LoadedApps {
  const appsByKey = new Map<string, AppState>();
  const appsById = new Map<string, AppState>();
  const webhookSenders: WebhookSender[] = [];
  for (const credentials of apps) {
    if (appsByKey.has(credentials.key) || appsById.has(credentials.id)) {
      throw new Error(`Duplicate app id or key: ${credentials.id}`);
    }
    const sender = credentials.webhook ? new WebhookSender(credentials, credentials.webhook, log) : undefined;
    if (sender) webhookSenders.push(sender);
    const app = new AppState(credentials, sender);
    appsByKey.set(credentials.key, app);
    appsById.set(credentials.id, app);
  }
  return { appsByKey, appsById, webhookSenders };
}

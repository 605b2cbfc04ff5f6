// Types the server's parts share, apart from server.ts so that the parts need not import it back.
export type RealtimeLogger = (message: string, fields?: Record<string, unknown>) => void;

export interface RealtimeStats {
  connections: number;
  channels: number;
  apps: Record<string, { connections: number; channels: number; signedInUsers: number }>;
  /** Handshakes refused, by reason. */
  refused: { unknownApp: number; badRequest: number; overAppQuota: number; overAddressLimit: number };
  /** Established sockets the server closed, by reason. */
  disconnected: { slowConsumer: number; pongTimeout: number; terminated: number };
}

import { describe, expect, it } from "vitest";
import { iceServersFor, turnCredentials } from "./ice-servers";

const user = "0b9b6d1c-3c59-4b7e-9a51-9c1b1f3e2a10";
const secret = "north-window-copper-lantern-7781-quiet";

describe("coturn REST credentials (use-auth-secret)", () => {
  it("username is <expiry unix seconds>:<user>, credential base64(HMAC-SHA1(secret, username))", () => {
    // the expected values were computed apart from this code:
    // printf '%s' "1700003600:<user>" | openssl dgst -sha1 -hmac "<secret>" -binary | base64
    expect(turnCredentials(secret, user, new Date(1_700_000_000_000), 3600)).toEqual({ username: `1700003600:${user}`, credential: "qln2RuU/SpdO0Y2xLLNJps/dtTM=" });
    expect(turnCredentials("secret", "username", new Date(1_433_895_918_000 - 60_000), 60)).toEqual({ username: "1433895918:username", credential: "/SB/k9lFDiqk9pq7hrl1rCtecHY=" });
  });

  it("the browser gets ICE_SERVERS, then the TURN server with its expiring credentials; never the secret", () => {
    const env = { ICE_SERVERS: '[{"urls":"stun:stun.example.com:3478"}]', TURN_SECRET: secret, TURN_URLS: "turn:turn.example.com:3478, turns:turn.example.com:5349", TURN_TTL_SECONDS: "600" };
    const servers = iceServersFor(user, new Date(1_700_000_000_000), env);
    expect(servers).toEqual([
      { urls: "stun:stun.example.com:3478" },
      { urls: ["turn:turn.example.com:3478", "turns:turn.example.com:5349"], username: `1700000600:${user}`, credential: expect.any(String) },
    ]);
    expect(JSON.stringify(servers)).not.toContain(secret);
    expect(iceServersFor(user, new Date(), {})).toEqual([]); // loopback and LAN need none
  });
});

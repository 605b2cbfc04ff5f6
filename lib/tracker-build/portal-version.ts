// The portal's version, from the root package.json. The tracker build (tracker/package.json) carries
// the same version, so the Download page and GET /api/tracker/v1/me can tell a stale build apart.
import rootPackage from "../../package.json";

export const PORTAL_VERSION: string = rootPackage.version;

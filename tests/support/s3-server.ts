// An S3-compatible server for tests that run the portal's own processes (npm start, close-week, backup):
// s3rver behind the front of s3.ts, with the S3_* environment a self-hoster would set for it.
// Choice: s3rver 3.7.1 (already the S3 of lib/storage/s3.test.ts): path-style, SigV4 form checked, in its own process.
import { startTestS3, S3RVER_CREDENTIALS, type TestS3 } from "./s3";

export interface S3Server extends TestS3 {
  bucket: string;
  /** S3_* variables for a child process: path-style, the one key pair s3rver knows */
  env: Record<string, string>;
}

/** Starts s3rver with one empty bucket; `env` is its process's (the machine clock of tests/support/machine-clock.ts). */
export async function startS3Server(bucket = "hourglass", env: NodeJS.ProcessEnv = process.env): Promise<S3Server> {
  const s3 = await startTestS3([bucket], env);
  return Object.assign(s3, {
    bucket,
    env: {
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: "us-east-1",
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "1",
    },
  });
}

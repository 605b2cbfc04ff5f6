/** A refusal or failure of backup or restore that the command prints as its one sentence. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

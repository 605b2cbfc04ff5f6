// What any store of screenshots and attachments offers: the local folder and S3 alike.
export interface BlobListing {
  key: string;
  lastModified: Date;
}

export interface BlobStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /**
   * put for a key no reader can know yet (it has a random part, and nothing refers to it before
   * this resolves) and that must not exist: fails if it does. A store may skip what protects the
   * readers of a key being replaced. Optional: without it, callers use put.
   */
  putNew?(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** null when the key does not exist */
  get(key: string): Promise<Buffer | null>;
  /** deleting a missing key is not an error */
  delete(key: string): Promise<void>;
  /** every key under `prefix`, for the orphan sweep; stores without it are never swept */
  list?(prefix: string): AsyncIterable<BlobListing>;
}

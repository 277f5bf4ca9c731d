/**
 * Where tools put artifacts (chart PNGs) and where the run API reads them back. Events carry a reference (run id +
 * name), never bytes or a host path; the embedded implementation is `FileArtifactStore` (src/store/).
 */
export interface ArtifactStore {
  save(runId: string, name: string, bytes: Buffer, mime: string): Promise<void>;
  read(runId: string, name: string): Promise<Buffer | undefined>;
  /** The local file holding the artifact, when the store keeps files on this machine (the CLI prints it). */
  localPath?(runId: string, name: string): string | undefined;
}

/** Progress of long steps, for people at a terminal. The core only calls it; adapters draw it. */
export interface Progress {
  /** A step with a known size in bytes (or units); `advance` adds to the done amount. */
  step(label: string, total: number): { advance(amount: number): void; done(): void };
  /** A one-line message. */
  info(message: string): void;
}

export const silentProgress: Progress = {
  step: () => ({ advance: () => {}, done: () => {} }),
  info: () => {},
};

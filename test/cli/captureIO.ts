import type { CliIO } from '../../cli/CliIO.ts';

export interface CapturedIO extends CliIO {
  out: string;
  err: string;
}

/** A CliIO that records what the CLI writes. */
export function captureIO(options: { isTTY?: boolean; env?: Record<string, string | undefined> } = {}): CapturedIO {
  const io: CapturedIO = {
    out: '',
    err: '',
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
  };
  return io;
}

import type { AwsStub } from 'aws-sdk-client-mock';
import { loadFixture } from './loadFixture.ts';

/**
 * Serves recorded pages in order and records each request's input as it was sent. (SDK paginators
 * reuse one input object and set the next Marker on it, so the mock's own call log shows the last
 * Marker on every call.)
 */
export function servePages(
  mock: AwsStub<any, any, any>,
  command: new (input: any) => any,
  pages: string[],
): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  mock.on(command).callsFake((input: Record<string, unknown>) => {
    inputs.push({ ...input });
    const page = pages[Math.min(inputs.length, pages.length) - 1] as string;
    return loadFixture(page);
  });
  return inputs;
}

/**
 * One client per region, each its own aws-sdk-client-mock instance, so every call's region is known:
 * a region's reader is built on `clients.get(region)`, its calls stubbed and seen on `mocks.get(region)`.
 */
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export function mockedPerRegion<C extends Parameters<typeof mockClient>[0]>(
  regions: readonly string[],
  create: (region: string) => C,
): { clients: Map<string, C>; mocks: Map<string, AwsClientStub<C>> } {
  const clients = new Map(regions.map((region) => [region, create(region)]));
  const mocks = new Map([...clients].map(([region, client]) => [region, mockClient(client) as AwsClientStub<C>]));
  return { clients, mocks };
}

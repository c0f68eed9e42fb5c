import { Readable } from 'node:stream';
import { fixtureText } from './loadFixture.ts';

/** An HTTP response as AWS sends it: status, headers, body text. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface SeenRequest {
  route: string;
  hostname: string;
  port: number | undefined;
  protocol: string;
  authorization: string;
}

interface HttpRequestLike {
  method: string;
  hostname: string;
  port?: number;
  protocol: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * A request handler for real SDK clients: the whole SDK stack runs (serialization, signing, retries,
 * error parsing, middleware), only the network is replaced. Routes are the IAM/STS query `Action`
 * or `METHOD /path` for Lambda; each route serves its queued responses in order, the last one
 * repeating.
 */
export function fakeAwsHttp(routes: Record<string, FakeResponse[]>) {
  const seen: SeenRequest[] = [];
  const served = new Map<string, number>();
  const requestHandler = {
    async handle(request: HttpRequestLike) {
      const body = typeof request.body === 'string' ? request.body : '';
      const action = new URLSearchParams(body).get('Action');
      const route = action ?? `${request.method} ${request.path}`;
      seen.push({
        route,
        hostname: request.hostname,
        port: request.port,
        protocol: request.protocol,
        authorization: request.headers.authorization ?? request.headers.Authorization ?? '',
      });
      const queue = routes[route];
      if (queue === undefined || queue.length === 0) throw new Error(`fakeAwsHttp: no response for ${route}`);
      const index = served.get(route) ?? 0;
      served.set(route, index + 1);
      const response = queue[Math.min(index, queue.length - 1)] as FakeResponse;
      return {
        response: {
          statusCode: response.status,
          reason: undefined,
          headers: { 'x-amzn-requestid': `req-${seen.length}`, ...response.headers },
          body: Readable.from([Buffer.from(response.body)]),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
  return { requestHandler, seen };
}

/** An IAM (awsQuery, XML) response from fixtures/http/. */
export function iamXml(file: string, status = 200): FakeResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body: fixtureText(`http/${file}`) };
}

/** A Lambda (restJson) error as Lambda sends it: the code in x-amzn-errortype, the text in Message. */
export function lambdaError(status: number, code: string, message: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code },
    body: JSON.stringify({ Type: 'User', Message: message }),
  };
}

export function lambdaJson(body: unknown): FakeResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** Drives one endpoint with `connections` keep-alive connections for `seconds`. */
export async function drive(
  options: Pick<autocannon.Options, 'url' | 'method' | 'requests' | 'headers' | 'body'> & {
    connections: number;
    seconds: number;
  },
): Promise<LoadResult> {
  // autocannon refuses keys that are present but undefined, so only the given ones are passed.
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections,
    duration: options.seconds,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body ? { body: options.body } : {}),
    ...(options.requests ? { requests: options.requests } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

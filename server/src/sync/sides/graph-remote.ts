// The remote side over the Graph gateway (retries, limiter, $batch, paging), counting the run's requests.
import { createRequestCounter, type Gateway } from '../../graph';
import type { RemoteSide } from './types';

export function graphRemote(gateway: Gateway): RemoteSide {
  const counter = createRequestCounter();
  return {
    deltaPages: (options) => gateway.deltaPages(options, counter),
    batch: (requests, options = {}) => gateway.batch(requests, { ...options, counter }),
    request: (request) => gateway.request(request, counter),
    get requests() {
      return counter.requests;
    },
  };
}

// The same scenarios as tests/saga (happy path, out of stock, re-submit, declined, customer
// cancel, deadline, invariants), here with PAYMENT_SERVICE_IMPL=go (vitest.config.ts).
import '../../saga/test/saga.test.ts';

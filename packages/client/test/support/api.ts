// The reference server's HTTP API and the wait helper live in the shared test kit.
export { createApiClient, waitFor } from '@pollwire/test-kit';

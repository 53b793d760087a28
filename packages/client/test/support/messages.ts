// The contract's test messages: the reducer's tests beside it use them too.
export * from '../../../contracts/src/testing/messages.js';

export const CONTRACT_HASH = 'pending';

/** Longest free text the protocol carries (questions, messages, open-text answers). */
export const MAX_TEXT_LENGTH = 2000;
/** Most options a multiple-choice poll may have. */
export const MAX_POLL_OPTIONS = 20;
/** The kinds of poll. */
export const POLL_TYPES = ['multiple_choice', 'rating_scale', 'open_text'] as const;

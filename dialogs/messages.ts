// The bot's wording lives with the conversation core (src/engine/conversation/messages.ts).
export { AREA_LABELS, EXAMPLES, messages } from '../src/engine/conversation/messages';

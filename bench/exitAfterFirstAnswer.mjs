// Preloaded (node --import) into the bot when the bench profiles a cold start: once the first
// HTTP response has gone out, the process exits, so `--cpu-prof` writes its profile of start-up.
import http from 'node:http';

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') args[1].once('finish', () => process.nextTick(() => process.exit(0)));
  return emit.call(this, event, ...args);
};

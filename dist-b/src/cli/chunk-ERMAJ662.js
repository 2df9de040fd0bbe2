import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/core/redact.js
function redactUrlCredentials(text) {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s?#]*)@/gi, (_match, scheme, userinfo) => {
    const colon = userinfo.indexOf(":");
    return `${scheme}${colon >= 0 ? `${userinfo.slice(0, colon)}:***` : "***"}@`;
  });
}

export {
  redactUrlCredentials
};

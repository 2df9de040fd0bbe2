/**
 * The shell command that aborts one multipart upload at its store (`origin`), for the messages that
 * say an upload may be left open: aws-cli for s3://, curl with gcloud's token for gs:// (gcloud
 * has no command for an XML API multipart upload).
 */
export function abortCommand(uploadId: string, destination: string, origin: string): string {
  const { scheme, bucket, key } = splitDestination(destination);
  const path = `${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}?uploadId=${encodeURIComponent(uploadId)}`;
  // AWS itself needs no endpoint (the CLI's own region resolution finds it); any other store does.
  const endpoint = /\.amazonaws\.com(\.cn)?$/.test(new URL(origin).hostname) ? '' : ` --endpoint-url ${quote(origin)}`;
  return scheme === 's3'
    ? `aws s3api abort-multipart-upload${endpoint} --bucket ${quote(bucket)} --key ${quote(key)} --upload-id ${quote(uploadId)}`
    : `curl -X DELETE -H "Authorization: Bearer $(gcloud auth print-access-token)" ${quote(`${origin}/${path}`)}`;
}

function splitDestination(destination: string): { scheme: string; bucket: string; key: string } {
  const match = /^(\w+):\/\/([^/]+)\/(.*)$/s.exec(destination);
  return { scheme: match?.[1] ?? '', bucket: match?.[2] ?? '', key: match?.[3] ?? '' };
}

/**
 * A shell word for `text`: single quotes, or bash's `$'...'` where it holds control characters (a
 * key with a newline), which single quotes would carry raw into the message, and which the
 * message's escaping would then turn into another key.
 */
function quote(text: string): string {
  if (!/[\u0000-\u001f\u007f]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  const escaped = text.replace(/[\\'\u0000-\u001f\u007f]/g, (c) =>
    c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `$'${escaped}'`;
}

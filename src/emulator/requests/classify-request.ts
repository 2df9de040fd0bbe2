/** What a request asks of the store, from its method, query and whether it names a key. */
export type Action =
  | 'create-bucket'
  | 'list-uploads'
  | 'list-objects'
  | 'initiate'
  | 'part'
  | 'complete'
  | 'abort'
  | 'list-parts'
  | 'put-object'
  | 'get-object'
  | 'head-object'
  | 'delete-object'
  | 'unsupported';

export function classifyRequest(method: string, query: URLSearchParams, hasKey: boolean): Action {
  const hasUploadId = query.has('uploadId');
  if (!hasKey) {
    if (method === 'PUT') return 'create-bucket';
    if (method === 'GET') return query.has('uploads') ? 'list-uploads' : 'list-objects';
    return 'unsupported';
  }
  switch (method) {
    case 'POST':
      return query.has('uploads') ? 'initiate' : hasUploadId ? 'complete' : 'unsupported';
    case 'PUT':
      return hasUploadId ? 'part' : 'put-object';
    case 'DELETE':
      return hasUploadId ? 'abort' : 'delete-object';
    case 'GET':
      return hasUploadId ? 'list-parts' : 'get-object';
    case 'HEAD':
      return 'head-object';
    default:
      return 'unsupported';
  }
}

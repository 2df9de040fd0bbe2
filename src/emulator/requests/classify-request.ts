/** What a request asks of the store, from its method, query and whether it names a bucket and a key. */
export type Action =
  | 'list-buckets'
  | 'create-bucket'
  | 'head-bucket'
  | 'bucket-location'
  | 'delete-bucket'
  | 'list-uploads'
  | 'list-objects'
  | 'delete-objects'
  | 'initiate'
  | 'part'
  | 'complete'
  | 'abort'
  | 'list-parts'
  | 'put-object'
  | 'get-object'
  | 'head-object'
  | 'object-attributes'
  | 'delete-object'
  | 'unsupported';

export function classifyRequest(method: string, query: URLSearchParams, hasBucket: boolean, hasKey: boolean): Action {
  if (!hasBucket) return method === 'GET' ? 'list-buckets' : 'unsupported';
  return hasKey ? objectAction(method, query) : bucketAction(method, query);
}

function bucketAction(method: string, query: URLSearchParams): Action {
  switch (method) {
    case 'PUT':
      return 'create-bucket';
    case 'HEAD':
      return 'head-bucket';
    case 'DELETE':
      return 'delete-bucket';
    case 'GET':
      return query.has('uploads') ? 'list-uploads' : query.has('location') ? 'bucket-location' : 'list-objects';
    case 'POST':
      return query.has('delete') ? 'delete-objects' : 'unsupported';
    default:
      return 'unsupported';
  }
}

function objectAction(method: string, query: URLSearchParams): Action {
  const hasUploadId = query.has('uploadId');
  switch (method) {
    case 'POST':
      return query.has('uploads') ? 'initiate' : hasUploadId ? 'complete' : 'unsupported';
    case 'PUT':
      return hasUploadId ? 'part' : 'put-object';
    case 'DELETE':
      return hasUploadId ? 'abort' : 'delete-object';
    case 'GET':
      return hasUploadId ? 'list-parts' : query.has('attributes') ? 'object-attributes' : 'get-object';
    case 'HEAD':
      return 'head-object';
    default:
      return 'unsupported';
  }
}

import { MultipartStore } from '../store/multipart-store.js';
import { EmulatorError } from '../store/emulator-error.js';
import type { Answer } from './answer.js';
import { authenticate } from './auth/authenticate.js';
import type { Action } from './classify-request.js';
import { notImplemented } from './not-implemented.js';
import { headerOf, hoistQueryHeaders } from './request-header.js';
import { abortUpload, deleteObject, deleteObjects } from './deletes/delete-objects.js';
import { actOut, faultError, isBodyFault } from './faults/act-out-fault.js';
import type { Exchange } from './handler-context.js';
import { bucketLocation, createBucket, deleteBucket, headBucket, listBuckets } from './lists/bucket-requests.js';
import { listObjects } from './lists/list-objects.js';
import { listParts, listUploads } from './lists/upload-lists.js';
import { getObjectAttributes } from './reads/get-object-attributes.js';
import { readObject } from './reads/read-object.js';
import { completeUpload } from './writes/complete-upload.js';
import { initiateUpload } from './writes/initiate-upload.js';
import { putObject, uploadPart } from './writes/put-object.js';

/** The handler of each action; each reads what it needs of the request and answers as the stores do. */
const HANDLERS: Record<Action, (ex: Exchange) => Promise<Answer>> = {
  'list-buckets': listBuckets,
  'create-bucket': createBucket,
  'head-bucket': headBucket,
  'bucket-location': bucketLocation,
  'delete-bucket': deleteBucket,
  'list-uploads': listUploads,
  'list-objects': listObjects,
  'delete-objects': deleteObjects,
  initiate: initiateUpload,
  part: uploadPart,
  complete: completeUpload,
  abort: abortUpload,
  'list-parts': listParts,
  'put-object': putObject,
  'get-object': readObject,
  'head-object': readObject,
  'object-attributes': getObjectAttributes,
  'delete-object': deleteObject,
  unsupported: unsupported,
};

/** Actions whose body faults act out as the body streams in (receive-body.ts), not before the handler. */
const STREAMED = new Set<Action>(['part', 'put-object']);

/** Authentication, then the fault plan, then the action's handler. */
export async function route(ex: Exchange): Promise<Answer> {
  const { ctx, req, record, query } = ex;
  if (query.has('uploadId')) record.uploadId = query.get('uploadId') ?? '';
  if (record.action === 'part') record.partNumber = MultipartStore.checkPartNumber(query.get('partNumber'));
  if (ctx.keys) Object.assign(ex, await authenticate(req, query, ctx.keys));
  // Signed chunks are for the bodies of PUTs (objects and parts); a document read whole is not checked chunk by chunk.
  if (ex.chunkSignatures && !STREAMED.has(record.action)) {
    throw new EmulatorError(400, 'InvalidRequest', 'A signed streaming payload (aws-chunked) is taken for object and part PUTs only.');
  }
  hoistQueryHeaders(req, query);
  const bucketRead = record.action === 'list-objects' || record.action === 'list-uploads';
  const unkept = notImplemented(record.method, query, (name) => headerOf(req, name), Object.keys(req.headers), bucketRead);
  if (unkept)
    throw new EmulatorError(
      501,
      'NotImplemented',
      `A header or query you provided implies functionality that is not implemented: ${unkept}`,
    );
  const fault = ctx.faults.take(record);
  ex.fault = fault;
  if (fault) record.fault = fault.kind;
  if (fault?.kind === 'status') throw faultError(fault);
  if (isBodyFault(fault) && !STREAMED.has(record.action)) await actOut(req, fault);
  return HANDLERS[record.action](ex);
}

async function unsupported(ex: Exchange): Promise<Answer> {
  const what = ex.record.key ? 'on an object' : ex.record.bucket ? 'on a bucket' : 'on the service';
  throw new EmulatorError(405, 'MethodNotAllowed', `${ex.req.method} ${what} with this query is not supported by this emulator`);
}

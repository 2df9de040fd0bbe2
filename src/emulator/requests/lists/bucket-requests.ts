import { escapeXml } from '../../../wire/multipart-xml.js';
import { xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

/** ListBuckets (GET /): what `aws s3 ls` and the SDK fixtures that clean up by listing buckets start with. */
export async function listBuckets(ex: Exchange): Promise<Answer> {
  const items = ex.ctx.store
    .buckets()
    .map((b) => `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${b.created.toISOString()}</CreationDate></Bucket>`)
    .join('');
  return xml(
    200,
    `${HEAD}<ListAllMyBucketsResult ${NS}><Owner><ID>emulator</ID><DisplayName>emulator</DisplayName></Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`,
  );
}

export async function createBucket(ex: Exchange): Promise<Answer> {
  ex.ctx.store.createBucket(ex.record.bucket);
  return { status: 200, headers: { location: `/${ex.record.bucket}` } };
}

/** HeadBucket: 200 or 404, no body (the SDKs' bucket-exists waiters). */
export async function headBucket(ex: Exchange): Promise<Answer> {
  ex.ctx.store.objects(ex.record.bucket);
  return { status: 200, headers: { 'x-amz-bucket-region': 'us-east-1' } };
}

/** GetBucketLocation: every bucket here is in us-east-1, which S3 spells as an empty LocationConstraint. */
export async function bucketLocation(ex: Exchange): Promise<Answer> {
  ex.ctx.store.objects(ex.record.bucket);
  return xml(200, '<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>');
}

export async function deleteBucket(ex: Exchange): Promise<Answer> {
  await ex.ctx.store.deleteBucket(ex.record.bucket);
  return { status: 204 };
}

/** The conformance scenarios against OpenStack Swift's s3api and Ceph's RGW, directly and behind nghttpx. */
import { describeConformance } from './conformance-suite.js';

describeConformance((target) => /Swift|Ceph/.test(target.name));

/** The conformance scenarios against partpush's emulator and moto, directly and behind nghttpx. */
import { describeConformance } from './conformance-suite.js';

describeConformance((target) => !/Swift|Ceph/.test(target.name));

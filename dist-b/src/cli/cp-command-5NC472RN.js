import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  redactUrlCredentials
} from "./chunk-ERMAJ662.js";
import {
  MAX_PARTS,
  MIN_PART_SIZE,
  MiB,
  abortRequest,
  bucketNameProblem,
  buildCompleteXml,
  checkObjectAttributes,
  checksumHeaders,
  combinePartCrcs,
  completeRequest,
  contentTypeFor,
  crc32c,
  crc32cCombine,
  crc32cFromHeaders,
  crc32cToBase64,
  deleteObjectRequest,
  exactSize,
  firstLine,
  formatSize,
  headObjectRequest,
  initiateRequest,
  listPartsRequest,
  matchesStoredChecksum,
  parseCompleteXml,
  parseErrorXml,
  parseFlags,
  parseInitiateXml,
  parseListPartsXml,
  parseRate,
  parseSize,
  partQuery,
  partRange,
  planParts,
  sameEtag,
  streamPartSize,
  validatePartSize
} from "./chunk-NJW5JJN7.js";
import {
  CP_HELP,
  PartpushError,
  SYNC_HELP,
  UsageError,
  __commonJS,
  __toESM,
  fromErrorRecord,
  toErrorRecord
} from "./chunk-TGZ723NW.js";

// node_modules/xmlchars/xml/1.0/ed5.js
var require_ed5 = __commonJS({
  "node_modules/xmlchars/xml/1.0/ed5.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CHAR = "	\n\r -\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}";
    exports.S = " 	\r\n";
    exports.NAME_START_CHAR = ":A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
    exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
    exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
    exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
    exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
    exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
    var TAB = 9;
    var NL = 10;
    var CR = 13;
    var SPACE = 32;
    exports.S_LIST = [SPACE, NL, CR, TAB];
    function isChar(c) {
      return c >= SPACE && c <= 55295 || c === NL || c === CR || c === TAB || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isChar = isChar;
    function isS(c) {
      return c === SPACE || c === NL || c === CR || c === TAB;
    }
    exports.isS = isS;
    function isNameStartChar(c) {
      return c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 58 || c === 95 || c === 8204 || c === 8205 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNameStartChar = isNameStartChar;
    function isNameChar(c) {
      return isNameStartChar(c) || c >= 48 && c <= 57 || c === 45 || c === 46 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256;
    }
    exports.isNameChar = isNameChar;
  }
});

// node_modules/xmlchars/xml/1.1/ed2.js
var require_ed2 = __commonJS({
  "node_modules/xmlchars/xml/1.1/ed2.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CHAR = "-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}";
    exports.RESTRICTED_CHAR = "-\b\v\f-\x7F-\x84\x86-\x9F";
    exports.S = " 	\r\n";
    exports.NAME_START_CHAR = ":A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
    exports.RESTRICTED_CHAR_RE = new RegExp("^[" + exports.RESTRICTED_CHAR + "]$", "u");
    exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
    exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
    exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
    exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
    exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
    var TAB = 9;
    var NL = 10;
    var CR = 13;
    var SPACE = 32;
    exports.S_LIST = [SPACE, NL, CR, TAB];
    function isChar(c) {
      return c >= 1 && c <= 55295 || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isChar = isChar;
    function isRestrictedChar(c) {
      return c >= 1 && c <= 8 || c === 11 || c === 12 || c >= 14 && c <= 31 || c >= 127 && c <= 132 || c >= 134 && c <= 159;
    }
    exports.isRestrictedChar = isRestrictedChar;
    function isCharAndNotRestricted(c) {
      return c === 9 || c === 10 || c === 13 || c > 31 && c < 127 || c === 133 || c > 159 && c <= 55295 || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isCharAndNotRestricted = isCharAndNotRestricted;
    function isS(c) {
      return c === SPACE || c === NL || c === CR || c === TAB;
    }
    exports.isS = isS;
    function isNameStartChar(c) {
      return c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 58 || c === 95 || c === 8204 || c === 8205 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNameStartChar = isNameStartChar;
    function isNameChar(c) {
      return isNameStartChar(c) || c >= 48 && c <= 57 || c === 45 || c === 46 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256;
    }
    exports.isNameChar = isNameChar;
  }
});

// node_modules/xmlchars/xmlns/1.0/ed3.js
var require_ed3 = __commonJS({
  "node_modules/xmlchars/xmlns/1.0/ed3.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NC_NAME_START_CHAR = "A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NC_NAME_CHAR = "-" + exports.NC_NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.NC_NAME_START_CHAR_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "]$", "u");
    exports.NC_NAME_CHAR_RE = new RegExp("^[" + exports.NC_NAME_CHAR + "]$", "u");
    exports.NC_NAME_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "][" + exports.NC_NAME_CHAR + "]*$", "u");
    function isNCNameStartChar(c) {
      return c >= 65 && c <= 90 || c === 95 || c >= 97 && c <= 122 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8204 && c <= 8205 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNCNameStartChar = isNCNameStartChar;
    function isNCNameChar(c) {
      return isNCNameStartChar(c) || (c === 45 || c === 46 || c >= 48 && c <= 57 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256);
    }
    exports.isNCNameChar = isNCNameChar;
  }
});

// node_modules/saxes/saxes.js
var require_saxes = __commonJS({
  "node_modules/saxes/saxes.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.SaxesParser = exports.EVENTS = void 0;
    var ed5 = require_ed5();
    var ed2 = require_ed2();
    var NSed3 = require_ed3();
    var isS = ed5.isS;
    var isChar10 = ed5.isChar;
    var isNameStartChar = ed5.isNameStartChar;
    var isNameChar = ed5.isNameChar;
    var S_LIST = ed5.S_LIST;
    var NAME_RE = ed5.NAME_RE;
    var isChar11 = ed2.isChar;
    var isNCNameStartChar = NSed3.isNCNameStartChar;
    var isNCNameChar = NSed3.isNCNameChar;
    var NC_NAME_RE = NSed3.NC_NAME_RE;
    var XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
    var XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
    var rootNS = {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
      __proto__: null,
      xml: XML_NAMESPACE,
      xmlns: XMLNS_NAMESPACE
    };
    var XML_ENTITIES = {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
      __proto__: null,
      amp: "&",
      gt: ">",
      lt: "<",
      quot: '"',
      apos: "'"
    };
    var EOC = -1;
    var NL_LIKE = -2;
    var S_BEGIN = 0;
    var S_BEGIN_WHITESPACE = 1;
    var S_DOCTYPE = 2;
    var S_DOCTYPE_QUOTE = 3;
    var S_DTD = 4;
    var S_DTD_QUOTED = 5;
    var S_DTD_OPEN_WAKA = 6;
    var S_DTD_OPEN_WAKA_BANG = 7;
    var S_DTD_COMMENT = 8;
    var S_DTD_COMMENT_ENDING = 9;
    var S_DTD_COMMENT_ENDED = 10;
    var S_DTD_PI = 11;
    var S_DTD_PI_ENDING = 12;
    var S_TEXT = 13;
    var S_ENTITY = 14;
    var S_OPEN_WAKA = 15;
    var S_OPEN_WAKA_BANG = 16;
    var S_COMMENT = 17;
    var S_COMMENT_ENDING = 18;
    var S_COMMENT_ENDED = 19;
    var S_CDATA = 20;
    var S_CDATA_ENDING = 21;
    var S_CDATA_ENDING_2 = 22;
    var S_PI_FIRST_CHAR = 23;
    var S_PI_REST = 24;
    var S_PI_BODY = 25;
    var S_PI_ENDING = 26;
    var S_XML_DECL_NAME_START = 27;
    var S_XML_DECL_NAME = 28;
    var S_XML_DECL_EQ = 29;
    var S_XML_DECL_VALUE_START = 30;
    var S_XML_DECL_VALUE = 31;
    var S_XML_DECL_SEPARATOR = 32;
    var S_XML_DECL_ENDING = 33;
    var S_OPEN_TAG = 34;
    var S_OPEN_TAG_SLASH = 35;
    var S_ATTRIB = 36;
    var S_ATTRIB_NAME = 37;
    var S_ATTRIB_NAME_SAW_WHITE = 38;
    var S_ATTRIB_VALUE = 39;
    var S_ATTRIB_VALUE_QUOTED = 40;
    var S_ATTRIB_VALUE_CLOSED = 41;
    var S_ATTRIB_VALUE_UNQUOTED = 42;
    var S_CLOSE_TAG = 43;
    var S_CLOSE_TAG_SAW_WHITE = 44;
    var TAB = 9;
    var NL = 10;
    var CR = 13;
    var SPACE = 32;
    var BANG = 33;
    var DQUOTE = 34;
    var AMP = 38;
    var SQUOTE = 39;
    var MINUS = 45;
    var FORWARD_SLASH = 47;
    var SEMICOLON = 59;
    var LESS = 60;
    var EQUAL = 61;
    var GREATER = 62;
    var QUESTION = 63;
    var OPEN_BRACKET = 91;
    var CLOSE_BRACKET = 93;
    var NEL = 133;
    var LS = 8232;
    var isQuote = (c) => c === DQUOTE || c === SQUOTE;
    var QUOTES = [DQUOTE, SQUOTE];
    var DOCTYPE_TERMINATOR = [...QUOTES, OPEN_BRACKET, GREATER];
    var DTD_TERMINATOR = [...QUOTES, LESS, CLOSE_BRACKET];
    var XML_DECL_NAME_TERMINATOR = [EQUAL, QUESTION, ...S_LIST];
    var ATTRIB_VALUE_UNQUOTED_TERMINATOR = [...S_LIST, GREATER, AMP, LESS];
    function nsPairCheck(parser, prefix, uri) {
      switch (prefix) {
        case "xml":
          if (uri !== XML_NAMESPACE) {
            parser.fail(`xml prefix must be bound to ${XML_NAMESPACE}.`);
          }
          break;
        case "xmlns":
          if (uri !== XMLNS_NAMESPACE) {
            parser.fail(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`);
          }
          break;
        default:
      }
      switch (uri) {
        case XMLNS_NAMESPACE:
          parser.fail(prefix === "" ? `the default namespace may not be set to ${uri}.` : `may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`);
          break;
        case XML_NAMESPACE:
          switch (prefix) {
            case "xml":
              break;
            case "":
              parser.fail(`the default namespace may not be set to ${uri}.`);
              break;
            default:
              parser.fail("may not assign the xml namespace to another prefix.");
          }
          break;
        default:
      }
    }
    function nsMappingCheck(parser, mapping) {
      for (const local of Object.keys(mapping)) {
        nsPairCheck(parser, local, mapping[local]);
      }
    }
    var isNCName = (name) => NC_NAME_RE.test(name);
    var isName = (name) => NAME_RE.test(name);
    var FORBIDDEN_START = 0;
    var FORBIDDEN_BRACKET = 1;
    var FORBIDDEN_BRACKET_BRACKET = 2;
    exports.EVENTS = [
      "xmldecl",
      "text",
      "processinginstruction",
      "doctype",
      "comment",
      "opentagstart",
      "attribute",
      "opentag",
      "closetag",
      "cdata",
      "error",
      "end",
      "ready"
    ];
    var EVENT_NAME_TO_HANDLER_NAME = {
      xmldecl: "xmldeclHandler",
      text: "textHandler",
      processinginstruction: "piHandler",
      doctype: "doctypeHandler",
      comment: "commentHandler",
      opentagstart: "openTagStartHandler",
      attribute: "attributeHandler",
      opentag: "openTagHandler",
      closetag: "closeTagHandler",
      cdata: "cdataHandler",
      error: "errorHandler",
      end: "endHandler",
      ready: "readyHandler"
    };
    var SaxesParser2 = class {
      /**
       * @param opt The parser options.
       */
      constructor(opt) {
        this.opt = opt !== null && opt !== void 0 ? opt : {};
        this.fragmentOpt = !!this.opt.fragment;
        const xmlnsOpt = this.xmlnsOpt = !!this.opt.xmlns;
        this.trackPosition = this.opt.position !== false;
        this.fileName = this.opt.fileName;
        if (xmlnsOpt) {
          this.nameStartCheck = isNCNameStartChar;
          this.nameCheck = isNCNameChar;
          this.isName = isNCName;
          this.processAttribs = this.processAttribsNS;
          this.pushAttrib = this.pushAttribNS;
          this.ns = Object.assign({ __proto__: null }, rootNS);
          const additional = this.opt.additionalNamespaces;
          if (additional != null) {
            nsMappingCheck(this, additional);
            Object.assign(this.ns, additional);
          }
        } else {
          this.nameStartCheck = isNameStartChar;
          this.nameCheck = isNameChar;
          this.isName = isName;
          this.processAttribs = this.processAttribsPlain;
          this.pushAttrib = this.pushAttribPlain;
        }
        this.stateTable = [
          /* eslint-disable @typescript-eslint/unbound-method */
          this.sBegin,
          this.sBeginWhitespace,
          this.sDoctype,
          this.sDoctypeQuote,
          this.sDTD,
          this.sDTDQuoted,
          this.sDTDOpenWaka,
          this.sDTDOpenWakaBang,
          this.sDTDComment,
          this.sDTDCommentEnding,
          this.sDTDCommentEnded,
          this.sDTDPI,
          this.sDTDPIEnding,
          this.sText,
          this.sEntity,
          this.sOpenWaka,
          this.sOpenWakaBang,
          this.sComment,
          this.sCommentEnding,
          this.sCommentEnded,
          this.sCData,
          this.sCDataEnding,
          this.sCDataEnding2,
          this.sPIFirstChar,
          this.sPIRest,
          this.sPIBody,
          this.sPIEnding,
          this.sXMLDeclNameStart,
          this.sXMLDeclName,
          this.sXMLDeclEq,
          this.sXMLDeclValueStart,
          this.sXMLDeclValue,
          this.sXMLDeclSeparator,
          this.sXMLDeclEnding,
          this.sOpenTag,
          this.sOpenTagSlash,
          this.sAttrib,
          this.sAttribName,
          this.sAttribNameSawWhite,
          this.sAttribValue,
          this.sAttribValueQuoted,
          this.sAttribValueClosed,
          this.sAttribValueUnquoted,
          this.sCloseTag,
          this.sCloseTagSawWhite
          /* eslint-enable @typescript-eslint/unbound-method */
        ];
        this._init();
      }
      /**
       * Indicates whether or not the parser is closed. If ``true``, wait for
       * the ``ready`` event to write again.
       */
      get closed() {
        return this._closed;
      }
      _init() {
        var _a;
        this.openWakaBang = "";
        this.text = "";
        this.name = "";
        this.piTarget = "";
        this.entity = "";
        this.q = null;
        this.tags = [];
        this.tag = null;
        this.topNS = null;
        this.chunk = "";
        this.chunkPosition = 0;
        this.i = 0;
        this.prevI = 0;
        this.carriedFromPrevious = void 0;
        this.forbiddenState = FORBIDDEN_START;
        this.attribList = [];
        const { fragmentOpt } = this;
        this.state = fragmentOpt ? S_TEXT : S_BEGIN;
        this.reportedTextBeforeRoot = this.reportedTextAfterRoot = this.closedRoot = this.sawRoot = fragmentOpt;
        this.xmlDeclPossible = !fragmentOpt;
        this.xmlDeclExpects = ["version"];
        this.entityReturnState = void 0;
        let { defaultXMLVersion } = this.opt;
        if (defaultXMLVersion === void 0) {
          if (this.opt.forceXMLVersion === true) {
            throw new Error("forceXMLVersion set but defaultXMLVersion is not set");
          }
          defaultXMLVersion = "1.0";
        }
        this.setXMLVersion(defaultXMLVersion);
        this.positionAtNewLine = 0;
        this.doctype = false;
        this._closed = false;
        this.xmlDecl = {
          version: void 0,
          encoding: void 0,
          standalone: void 0
        };
        this.line = 1;
        this.column = 0;
        this.ENTITIES = Object.create(XML_ENTITIES);
        (_a = this.readyHandler) === null || _a === void 0 ? void 0 : _a.call(this);
      }
      /**
       * The stream position the parser is currently looking at. This field is
       * zero-based.
       *
       * This field is not based on counting Unicode characters but is to be
       * interpreted as a plain index into a JavaScript string.
       */
      get position() {
        return this.chunkPosition + this.i;
      }
      /**
       * The column number of the next character to be read by the parser.  *
       * This field is zero-based. (The first column in a line is 0.)
       *
       * This field reports the index at which the next character would be in the
       * line if the line were represented as a JavaScript string.  Note that this
       * *can* be different to a count based on the number of *Unicode characters*
       * due to how JavaScript handles astral plane characters.
       *
       * See [[column]] for a number that corresponds to a count of Unicode
       * characters.
       */
      get columnIndex() {
        return this.position - this.positionAtNewLine;
      }
      /**
       * Set an event listener on an event. The parser supports one handler per
       * event type. If you try to set an event handler over an existing handler,
       * the old handler is silently overwritten.
       *
       * @param name The event to listen to.
       *
       * @param handler The handler to set.
       */
      on(name, handler) {
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = handler;
      }
      /**
       * Unset an event handler.
       *
       * @parma name The event to stop listening to.
       */
      off(name) {
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = void 0;
      }
      /**
       * Make an error object. The error object will have a message that contains
       * the ``fileName`` option passed at the creation of the parser. If position
       * tracking was turned on, it will also have line and column number
       * information.
       *
       * @param message The message describing the error to report.
       *
       * @returns An error object with a properly formatted message.
       */
      makeError(message) {
        var _a;
        let msg = (_a = this.fileName) !== null && _a !== void 0 ? _a : "";
        if (this.trackPosition) {
          if (msg.length > 0) {
            msg += ":";
          }
          msg += `${this.line}:${this.column}`;
        }
        if (msg.length > 0) {
          msg += ": ";
        }
        return new Error(msg + message);
      }
      /**
       * Report a parsing error. This method is made public so that client code may
       * check for issues that are outside the scope of this project and can report
       * errors.
       *
       * @param message The error to report.
       *
       * @returns this
       */
      fail(message) {
        const err = this.makeError(message);
        const handler = this.errorHandler;
        if (handler === void 0) {
          throw err;
        } else {
          handler(err);
        }
        return this;
      }
      /**
       * Write a XML data to the parser.
       *
       * @param chunk The XML data to write.
       *
       * @returns this
       */
      // We do need object for the type here. Yes, it often causes problems
      // but not in this case.
      write(chunk) {
        if (this.closed) {
          return this.fail("cannot write after close; assign an onready handler.");
        }
        let end = false;
        if (chunk === null) {
          end = true;
          chunk = "";
        } else if (typeof chunk === "object") {
          chunk = chunk.toString();
        }
        if (this.carriedFromPrevious !== void 0) {
          chunk = `${this.carriedFromPrevious}${chunk}`;
          this.carriedFromPrevious = void 0;
        }
        let limit = chunk.length;
        const lastCode = chunk.charCodeAt(limit - 1);
        if (!end && // A trailing CR or surrogate must be carried over to the next
        // chunk.
        (lastCode === CR || lastCode >= 55296 && lastCode <= 56319)) {
          this.carriedFromPrevious = chunk[limit - 1];
          limit--;
          chunk = chunk.slice(0, limit);
        }
        const { stateTable } = this;
        this.chunk = chunk;
        this.i = 0;
        while (this.i < limit) {
          stateTable[this.state].call(this);
        }
        this.chunkPosition += limit;
        return end ? this.end() : this;
      }
      /**
       * Close the current stream. Perform final well-formedness checks and reset
       * the parser tstate.
       *
       * @returns this
       */
      close() {
        return this.write(null);
      }
      /**
       * Get a single code point out of the current chunk. This updates the current
       * position if we do position tracking.
       *
       * This is the algorithm to use for XML 1.0.
       *
       * @returns The character read.
       */
      getCode10() {
        const { chunk, i } = this;
        this.prevI = i;
        this.i = i + 1;
        if (i >= chunk.length) {
          return EOC;
        }
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 55296) {
          if (code >= SPACE || code === TAB) {
            return code;
          }
          switch (code) {
            case NL:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL;
            case CR:
              if (chunk.charCodeAt(i + 1) === NL) {
                this.i = i + 2;
              }
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL_LIKE;
            default:
              this.fail("disallowed character.");
              return code;
          }
        }
        if (code > 56319) {
          if (!(code >= 57344 && code <= 65533)) {
            this.fail("disallowed character.");
          }
          return code;
        }
        const final = 65536 + (code - 55296) * 1024 + (chunk.charCodeAt(i + 1) - 56320);
        this.i = i + 2;
        if (final > 1114111) {
          this.fail("disallowed character.");
        }
        return final;
      }
      /**
       * Get a single code point out of the current chunk. This updates the current
       * position if we do position tracking.
       *
       * This is the algorithm to use for XML 1.1.
       *
       * @returns {number} The character read.
       */
      getCode11() {
        const { chunk, i } = this;
        this.prevI = i;
        this.i = i + 1;
        if (i >= chunk.length) {
          return EOC;
        }
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 55296) {
          if (code > 31 && code < 127 || code > 159 && code !== LS || code === TAB) {
            return code;
          }
          switch (code) {
            case NL:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL;
            case CR: {
              const next = chunk.charCodeAt(i + 1);
              if (next === NL || next === NEL) {
                this.i = i + 2;
              }
            }
            /* yes, fall through */
            case NEL:
            // 0x85
            case LS:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL_LIKE;
            default:
              this.fail("disallowed character.");
              return code;
          }
        }
        if (code > 56319) {
          if (!(code >= 57344 && code <= 65533)) {
            this.fail("disallowed character.");
          }
          return code;
        }
        const final = 65536 + (code - 55296) * 1024 + (chunk.charCodeAt(i + 1) - 56320);
        this.i = i + 2;
        if (final > 1114111) {
          this.fail("disallowed character.");
        }
        return final;
      }
      /**
       * Like ``getCode`` but with the return value normalized so that ``NL`` is
       * returned for ``NL_LIKE``.
       */
      getCodeNorm() {
        const c = this.getCode();
        return c === NL_LIKE ? NL : c;
      }
      unget() {
        this.i = this.prevI;
        this.column--;
      }
      /**
       * Capture characters into a buffer until encountering one of a set of
       * characters.
       *
       * @param chars An array of codepoints. Encountering a character in the array
       * ends the capture. (``chars`` may safely contain ``NL``.)
       *
       * @return The character code that made the capture end, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      captureTo(chars) {
        let { i: start } = this;
        const { chunk } = this;
        while (true) {
          const c = this.getCode();
          const isNLLike = c === NL_LIKE;
          const final = isNLLike ? NL : c;
          if (final === EOC || chars.includes(final)) {
            this.text += chunk.slice(start, this.prevI);
            return final;
          }
          if (isNLLike) {
            this.text += `${chunk.slice(start, this.prevI)}
`;
            start = this.i;
          }
        }
      }
      /**
       * Capture characters into a buffer until encountering a character.
       *
       * @param char The codepoint that ends the capture. **NOTE ``char`` MAY NOT
       * CONTAIN ``NL``.** Passing ``NL`` will result in buggy behavior.
       *
       * @return ``true`` if we ran into the character. Otherwise, we ran into the
       * end of the current chunk.
       */
      captureToChar(char) {
        let { i: start } = this;
        const { chunk } = this;
        while (true) {
          let c = this.getCode();
          switch (c) {
            case NL_LIKE:
              this.text += `${chunk.slice(start, this.prevI)}
`;
              start = this.i;
              c = NL;
              break;
            case EOC:
              this.text += chunk.slice(start);
              return false;
            default:
          }
          if (c === char) {
            this.text += chunk.slice(start, this.prevI);
            return true;
          }
        }
      }
      /**
       * Capture characters that satisfy ``isNameChar`` into the ``name`` field of
       * this parser.
       *
       * @return The character code that made the test fail, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      captureNameChars() {
        const { chunk, i: start } = this;
        while (true) {
          const c = this.getCode();
          if (c === EOC) {
            this.name += chunk.slice(start);
            return EOC;
          }
          if (!isNameChar(c)) {
            this.name += chunk.slice(start, this.prevI);
            return c === NL_LIKE ? NL : c;
          }
        }
      }
      /**
       * Skip white spaces.
       *
       * @return The character that ended the skip, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      skipSpaces() {
        while (true) {
          const c = this.getCodeNorm();
          if (c === EOC || !isS(c)) {
            return c;
          }
        }
      }
      setXMLVersion(version) {
        this.currentXMLVersion = version;
        if (version === "1.0") {
          this.isChar = isChar10;
          this.getCode = this.getCode10;
        } else {
          this.isChar = isChar11;
          this.getCode = this.getCode11;
        }
      }
      // STATE ENGINE METHODS
      // This needs to be a state separate from S_BEGIN_WHITESPACE because we want
      // to be sure never to come back to this state later.
      sBegin() {
        if (this.chunk.charCodeAt(0) === 65279) {
          this.i++;
          this.column++;
        }
        this.state = S_BEGIN_WHITESPACE;
      }
      sBeginWhitespace() {
        const iBefore = this.i;
        const c = this.skipSpaces();
        if (this.prevI !== iBefore) {
          this.xmlDeclPossible = false;
        }
        switch (c) {
          case LESS:
            this.state = S_OPEN_WAKA;
            if (this.text.length !== 0) {
              throw new Error("no-empty text at start");
            }
            break;
          case EOC:
            break;
          default:
            this.unget();
            this.state = S_TEXT;
            this.xmlDeclPossible = false;
        }
      }
      sDoctype() {
        var _a;
        const c = this.captureTo(DOCTYPE_TERMINATOR);
        switch (c) {
          case GREATER: {
            (_a = this.doctypeHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
            this.text = "";
            this.state = S_TEXT;
            this.doctype = true;
            break;
          }
          case EOC:
            break;
          default:
            this.text += String.fromCodePoint(c);
            if (c === OPEN_BRACKET) {
              this.state = S_DTD;
            } else if (isQuote(c)) {
              this.state = S_DOCTYPE_QUOTE;
              this.q = c;
            }
        }
      }
      sDoctypeQuote() {
        const q = this.q;
        if (this.captureToChar(q)) {
          this.text += String.fromCodePoint(q);
          this.q = null;
          this.state = S_DOCTYPE;
        }
      }
      sDTD() {
        const c = this.captureTo(DTD_TERMINATOR);
        if (c === EOC) {
          return;
        }
        this.text += String.fromCodePoint(c);
        if (c === CLOSE_BRACKET) {
          this.state = S_DOCTYPE;
        } else if (c === LESS) {
          this.state = S_DTD_OPEN_WAKA;
        } else if (isQuote(c)) {
          this.state = S_DTD_QUOTED;
          this.q = c;
        }
      }
      sDTDQuoted() {
        const q = this.q;
        if (this.captureToChar(q)) {
          this.text += String.fromCodePoint(q);
          this.state = S_DTD;
          this.q = null;
        }
      }
      sDTDOpenWaka() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        switch (c) {
          case BANG:
            this.state = S_DTD_OPEN_WAKA_BANG;
            this.openWakaBang = "";
            break;
          case QUESTION:
            this.state = S_DTD_PI;
            break;
          default:
            this.state = S_DTD;
        }
      }
      sDTDOpenWakaBang() {
        const char = String.fromCodePoint(this.getCodeNorm());
        const owb = this.openWakaBang += char;
        this.text += char;
        if (owb !== "-") {
          this.state = owb === "--" ? S_DTD_COMMENT : S_DTD;
          this.openWakaBang = "";
        }
      }
      sDTDComment() {
        if (this.captureToChar(MINUS)) {
          this.text += "-";
          this.state = S_DTD_COMMENT_ENDING;
        }
      }
      sDTDCommentEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        this.state = c === MINUS ? S_DTD_COMMENT_ENDED : S_DTD_COMMENT;
      }
      sDTDCommentEnded() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
          this.state = S_DTD;
        } else {
          this.fail("malformed comment.");
          this.state = S_DTD_COMMENT;
        }
      }
      sDTDPI() {
        if (this.captureToChar(QUESTION)) {
          this.text += "?";
          this.state = S_DTD_PI_ENDING;
        }
      }
      sDTDPIEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
          this.state = S_DTD;
        }
      }
      sText() {
        if (this.tags.length !== 0) {
          this.handleTextInRoot();
        } else {
          this.handleTextOutsideRoot();
        }
      }
      sEntity() {
        let { i: start } = this;
        const { chunk } = this;
        loop:
          while (true) {
            switch (this.getCode()) {
              case NL_LIKE:
                this.entity += `${chunk.slice(start, this.prevI)}
`;
                start = this.i;
                break;
              case SEMICOLON: {
                const { entityReturnState } = this;
                const entity = this.entity + chunk.slice(start, this.prevI);
                this.state = entityReturnState;
                let parsed;
                if (entity === "") {
                  this.fail("empty entity name.");
                  parsed = "&;";
                } else {
                  parsed = this.parseEntity(entity);
                  this.entity = "";
                }
                if (entityReturnState !== S_TEXT || this.textHandler !== void 0) {
                  this.text += parsed;
                }
                break loop;
              }
              case EOC:
                this.entity += chunk.slice(start);
                break loop;
              default:
            }
          }
      }
      sOpenWaka() {
        const c = this.getCode();
        if (isNameStartChar(c)) {
          this.state = S_OPEN_TAG;
          this.unget();
          this.xmlDeclPossible = false;
        } else {
          switch (c) {
            case FORWARD_SLASH:
              this.state = S_CLOSE_TAG;
              this.xmlDeclPossible = false;
              break;
            case BANG:
              this.state = S_OPEN_WAKA_BANG;
              this.openWakaBang = "";
              this.xmlDeclPossible = false;
              break;
            case QUESTION:
              this.state = S_PI_FIRST_CHAR;
              break;
            default:
              this.fail("disallowed character in tag name");
              this.state = S_TEXT;
              this.xmlDeclPossible = false;
          }
        }
      }
      sOpenWakaBang() {
        this.openWakaBang += String.fromCodePoint(this.getCodeNorm());
        switch (this.openWakaBang) {
          case "[CDATA[":
            if (!this.sawRoot && !this.reportedTextBeforeRoot) {
              this.fail("text data outside of root node.");
              this.reportedTextBeforeRoot = true;
            }
            if (this.closedRoot && !this.reportedTextAfterRoot) {
              this.fail("text data outside of root node.");
              this.reportedTextAfterRoot = true;
            }
            this.state = S_CDATA;
            this.openWakaBang = "";
            break;
          case "--":
            this.state = S_COMMENT;
            this.openWakaBang = "";
            break;
          case "DOCTYPE":
            this.state = S_DOCTYPE;
            if (this.doctype || this.sawRoot) {
              this.fail("inappropriately located doctype declaration.");
            }
            this.openWakaBang = "";
            break;
          default:
            if (this.openWakaBang.length >= 7) {
              this.fail("incorrect syntax.");
            }
        }
      }
      sComment() {
        if (this.captureToChar(MINUS)) {
          this.state = S_COMMENT_ENDING;
        }
      }
      sCommentEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === MINUS) {
          this.state = S_COMMENT_ENDED;
          (_a = this.commentHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
          this.text = "";
        } else {
          this.text += `-${String.fromCodePoint(c)}`;
          this.state = S_COMMENT;
        }
      }
      sCommentEnded() {
        const c = this.getCodeNorm();
        if (c !== GREATER) {
          this.fail("malformed comment.");
          this.text += `--${String.fromCodePoint(c)}`;
          this.state = S_COMMENT;
        } else {
          this.state = S_TEXT;
        }
      }
      sCData() {
        if (this.captureToChar(CLOSE_BRACKET)) {
          this.state = S_CDATA_ENDING;
        }
      }
      sCDataEnding() {
        const c = this.getCodeNorm();
        if (c === CLOSE_BRACKET) {
          this.state = S_CDATA_ENDING_2;
        } else {
          this.text += `]${String.fromCodePoint(c)}`;
          this.state = S_CDATA;
        }
      }
      sCDataEnding2() {
        var _a;
        const c = this.getCodeNorm();
        switch (c) {
          case GREATER: {
            (_a = this.cdataHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
            this.text = "";
            this.state = S_TEXT;
            break;
          }
          case CLOSE_BRACKET:
            this.text += "]";
            break;
          default:
            this.text += `]]${String.fromCodePoint(c)}`;
            this.state = S_CDATA;
        }
      }
      // We need this separate state to check the first character fo the pi target
      // with this.nameStartCheck which allows less characters than this.nameCheck.
      sPIFirstChar() {
        const c = this.getCodeNorm();
        if (this.nameStartCheck(c)) {
          this.piTarget += String.fromCodePoint(c);
          this.state = S_PI_REST;
        } else if (c === QUESTION || isS(c)) {
          this.fail("processing instruction without a target.");
          this.state = c === QUESTION ? S_PI_ENDING : S_PI_BODY;
        } else {
          this.fail("disallowed character in processing instruction name.");
          this.piTarget += String.fromCodePoint(c);
          this.state = S_PI_REST;
        }
      }
      sPIRest() {
        const { chunk, i: start } = this;
        while (true) {
          const c = this.getCodeNorm();
          if (c === EOC) {
            this.piTarget += chunk.slice(start);
            return;
          }
          if (!this.nameCheck(c)) {
            this.piTarget += chunk.slice(start, this.prevI);
            const isQuestion = c === QUESTION;
            if (isQuestion || isS(c)) {
              if (this.piTarget === "xml") {
                if (!this.xmlDeclPossible) {
                  this.fail("an XML declaration must be at the start of the document.");
                }
                this.state = isQuestion ? S_XML_DECL_ENDING : S_XML_DECL_NAME_START;
              } else {
                this.state = isQuestion ? S_PI_ENDING : S_PI_BODY;
              }
            } else {
              this.fail("disallowed character in processing instruction name.");
              this.piTarget += String.fromCodePoint(c);
            }
            break;
          }
        }
      }
      sPIBody() {
        if (this.text.length === 0) {
          const c = this.getCodeNorm();
          if (c === QUESTION) {
            this.state = S_PI_ENDING;
          } else if (!isS(c)) {
            this.text = String.fromCodePoint(c);
          }
        } else if (this.captureToChar(QUESTION)) {
          this.state = S_PI_ENDING;
        }
      }
      sPIEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
          const { piTarget } = this;
          if (piTarget.toLowerCase() === "xml") {
            this.fail("the XML declaration must appear at the start of the document.");
          }
          (_a = this.piHandler) === null || _a === void 0 ? void 0 : _a.call(this, {
            target: piTarget,
            body: this.text
          });
          this.piTarget = this.text = "";
          this.state = S_TEXT;
        } else if (c === QUESTION) {
          this.text += "?";
        } else {
          this.text += `?${String.fromCodePoint(c)}`;
          this.state = S_PI_BODY;
        }
        this.xmlDeclPossible = false;
      }
      sXMLDeclNameStart() {
        const c = this.skipSpaces();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          return;
        }
        if (c !== EOC) {
          this.state = S_XML_DECL_NAME;
          this.name = String.fromCodePoint(c);
        }
      }
      sXMLDeclName() {
        const c = this.captureTo(XML_DECL_NAME_TERMINATOR);
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.name += this.text;
          this.text = "";
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (!(isS(c) || c === EQUAL)) {
          return;
        }
        this.name += this.text;
        this.text = "";
        if (!this.xmlDeclExpects.includes(this.name)) {
          switch (this.name.length) {
            case 0:
              this.fail("did not expect any more name/value pairs.");
              break;
            case 1:
              this.fail(`expected the name ${this.xmlDeclExpects[0]}.`);
              break;
            default:
              this.fail(`expected one of ${this.xmlDeclExpects.join(", ")}`);
          }
        }
        this.state = c === EQUAL ? S_XML_DECL_VALUE_START : S_XML_DECL_EQ;
      }
      sXMLDeclEq() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (isS(c)) {
          return;
        }
        if (c !== EQUAL) {
          this.fail("value required.");
        }
        this.state = S_XML_DECL_VALUE_START;
      }
      sXMLDeclValueStart() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (isS(c)) {
          return;
        }
        if (!isQuote(c)) {
          this.fail("value must be quoted.");
          this.q = SPACE;
        } else {
          this.q = c;
        }
        this.state = S_XML_DECL_VALUE;
      }
      sXMLDeclValue() {
        const c = this.captureTo([this.q, QUESTION]);
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.text = "";
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (c === EOC) {
          return;
        }
        const value = this.text;
        this.text = "";
        switch (this.name) {
          case "version": {
            this.xmlDeclExpects = ["encoding", "standalone"];
            const version = value;
            this.xmlDecl.version = version;
            if (!/^1\.[0-9]+$/.test(version)) {
              this.fail("version number must match /^1\\.[0-9]+$/.");
            } else if (!this.opt.forceXMLVersion) {
              this.setXMLVersion(version);
            }
            break;
          }
          case "encoding":
            if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) {
              this.fail("encoding value must match /^[A-Za-z0-9][A-Za-z0-9._-]*$/.");
            }
            this.xmlDeclExpects = ["standalone"];
            this.xmlDecl.encoding = value;
            break;
          case "standalone":
            if (value !== "yes" && value !== "no") {
              this.fail('standalone value must match "yes" or "no".');
            }
            this.xmlDeclExpects = [];
            this.xmlDecl.standalone = value;
            break;
          default:
        }
        this.name = "";
        this.state = S_XML_DECL_SEPARATOR;
      }
      sXMLDeclSeparator() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          return;
        }
        if (!isS(c)) {
          this.fail("whitespace required.");
          this.unget();
        }
        this.state = S_XML_DECL_NAME_START;
      }
      sXMLDeclEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
          if (this.piTarget !== "xml") {
            this.fail("processing instructions are not allowed before root.");
          } else if (this.name !== "version" && this.xmlDeclExpects.includes("version")) {
            this.fail("XML declaration must contain a version.");
          }
          (_a = this.xmldeclHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.xmlDecl);
          this.name = "";
          this.piTarget = this.text = "";
          this.state = S_TEXT;
        } else {
          this.fail("The character ? is disallowed anywhere in XML declarations.");
        }
        this.xmlDeclPossible = false;
      }
      sOpenTag() {
        var _a;
        const c = this.captureNameChars();
        if (c === EOC) {
          return;
        }
        const tag = this.tag = {
          name: this.name,
          attributes: /* @__PURE__ */ Object.create(null)
        };
        this.name = "";
        if (this.xmlnsOpt) {
          this.topNS = tag.ns = /* @__PURE__ */ Object.create(null);
        }
        (_a = this.openTagStartHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        this.sawRoot = true;
        if (!this.fragmentOpt && this.closedRoot) {
          this.fail("documents may contain only one root.");
        }
        switch (c) {
          case GREATER:
            this.openTag();
            break;
          case FORWARD_SLASH:
            this.state = S_OPEN_TAG_SLASH;
            break;
          default:
            if (!isS(c)) {
              this.fail("disallowed character in tag name.");
            }
            this.state = S_ATTRIB;
        }
      }
      sOpenTagSlash() {
        if (this.getCode() === GREATER) {
          this.openSelfClosingTag();
        } else {
          this.fail("forward-slash in opening tag not followed by >.");
          this.state = S_ATTRIB;
        }
      }
      sAttrib() {
        const c = this.skipSpaces();
        if (c === EOC) {
          return;
        }
        if (isNameStartChar(c)) {
          this.unget();
          this.state = S_ATTRIB_NAME;
        } else if (c === GREATER) {
          this.openTag();
        } else if (c === FORWARD_SLASH) {
          this.state = S_OPEN_TAG_SLASH;
        } else {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribName() {
        const c = this.captureNameChars();
        if (c === EQUAL) {
          this.state = S_ATTRIB_VALUE;
        } else if (isS(c)) {
          this.state = S_ATTRIB_NAME_SAW_WHITE;
        } else if (c === GREATER) {
          this.fail("attribute without value.");
          this.pushAttrib(this.name, this.name);
          this.name = this.text = "";
          this.openTag();
        } else if (c !== EOC) {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribNameSawWhite() {
        const c = this.skipSpaces();
        switch (c) {
          case EOC:
            return;
          case EQUAL:
            this.state = S_ATTRIB_VALUE;
            break;
          default:
            this.fail("attribute without value.");
            this.text = "";
            this.name = "";
            if (c === GREATER) {
              this.openTag();
            } else if (isNameStartChar(c)) {
              this.unget();
              this.state = S_ATTRIB_NAME;
            } else {
              this.fail("disallowed character in attribute name.");
              this.state = S_ATTRIB;
            }
        }
      }
      sAttribValue() {
        const c = this.getCodeNorm();
        if (isQuote(c)) {
          this.q = c;
          this.state = S_ATTRIB_VALUE_QUOTED;
        } else if (!isS(c)) {
          this.fail("unquoted attribute value.");
          this.state = S_ATTRIB_VALUE_UNQUOTED;
          this.unget();
        }
      }
      sAttribValueQuoted() {
        const { q, chunk } = this;
        let { i: start } = this;
        while (true) {
          switch (this.getCode()) {
            case q:
              this.pushAttrib(this.name, this.text + chunk.slice(start, this.prevI));
              this.name = this.text = "";
              this.q = null;
              this.state = S_ATTRIB_VALUE_CLOSED;
              return;
            case AMP:
              this.text += chunk.slice(start, this.prevI);
              this.state = S_ENTITY;
              this.entityReturnState = S_ATTRIB_VALUE_QUOTED;
              return;
            case NL:
            case NL_LIKE:
            case TAB:
              this.text += `${chunk.slice(start, this.prevI)} `;
              start = this.i;
              break;
            case LESS:
              this.text += chunk.slice(start, this.prevI);
              this.fail("disallowed character.");
              return;
            case EOC:
              this.text += chunk.slice(start);
              return;
            default:
          }
        }
      }
      sAttribValueClosed() {
        const c = this.getCodeNorm();
        if (isS(c)) {
          this.state = S_ATTRIB;
        } else if (c === GREATER) {
          this.openTag();
        } else if (c === FORWARD_SLASH) {
          this.state = S_OPEN_TAG_SLASH;
        } else if (isNameStartChar(c)) {
          this.fail("no whitespace between attributes.");
          this.unget();
          this.state = S_ATTRIB_NAME;
        } else {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribValueUnquoted() {
        const c = this.captureTo(ATTRIB_VALUE_UNQUOTED_TERMINATOR);
        switch (c) {
          case AMP:
            this.state = S_ENTITY;
            this.entityReturnState = S_ATTRIB_VALUE_UNQUOTED;
            break;
          case LESS:
            this.fail("disallowed character.");
            break;
          case EOC:
            break;
          default:
            if (this.text.includes("]]>")) {
              this.fail('the string "]]>" is disallowed in char data.');
            }
            this.pushAttrib(this.name, this.text);
            this.name = this.text = "";
            if (c === GREATER) {
              this.openTag();
            } else {
              this.state = S_ATTRIB;
            }
        }
      }
      sCloseTag() {
        const c = this.captureNameChars();
        if (c === GREATER) {
          this.closeTag();
        } else if (isS(c)) {
          this.state = S_CLOSE_TAG_SAW_WHITE;
        } else if (c !== EOC) {
          this.fail("disallowed character in closing tag.");
        }
      }
      sCloseTagSawWhite() {
        switch (this.skipSpaces()) {
          case GREATER:
            this.closeTag();
            break;
          case EOC:
            break;
          default:
            this.fail("disallowed character in closing tag.");
        }
      }
      // END OF STATE ENGINE METHODS
      handleTextInRoot() {
        let { i: start, forbiddenState } = this;
        const { chunk, textHandler: handler } = this;
        scanLoop:
          while (true) {
            switch (this.getCode()) {
              case LESS: {
                this.state = S_OPEN_WAKA;
                if (handler !== void 0) {
                  const { text } = this;
                  const slice = chunk.slice(start, this.prevI);
                  if (text.length !== 0) {
                    handler(text + slice);
                    this.text = "";
                  } else if (slice.length !== 0) {
                    handler(slice);
                  }
                }
                forbiddenState = FORBIDDEN_START;
                break scanLoop;
              }
              case AMP:
                this.state = S_ENTITY;
                this.entityReturnState = S_TEXT;
                if (handler !== void 0) {
                  this.text += chunk.slice(start, this.prevI);
                }
                forbiddenState = FORBIDDEN_START;
                break scanLoop;
              case CLOSE_BRACKET:
                switch (forbiddenState) {
                  case FORBIDDEN_START:
                    forbiddenState = FORBIDDEN_BRACKET;
                    break;
                  case FORBIDDEN_BRACKET:
                    forbiddenState = FORBIDDEN_BRACKET_BRACKET;
                    break;
                  case FORBIDDEN_BRACKET_BRACKET:
                    break;
                  default:
                    throw new Error("impossible state");
                }
                break;
              case GREATER:
                if (forbiddenState === FORBIDDEN_BRACKET_BRACKET) {
                  this.fail('the string "]]>" is disallowed in char data.');
                }
                forbiddenState = FORBIDDEN_START;
                break;
              case NL_LIKE:
                if (handler !== void 0) {
                  this.text += `${chunk.slice(start, this.prevI)}
`;
                }
                start = this.i;
                forbiddenState = FORBIDDEN_START;
                break;
              case EOC:
                if (handler !== void 0) {
                  this.text += chunk.slice(start);
                }
                break scanLoop;
              default:
                forbiddenState = FORBIDDEN_START;
            }
          }
        this.forbiddenState = forbiddenState;
      }
      handleTextOutsideRoot() {
        let { i: start } = this;
        const { chunk, textHandler: handler } = this;
        let nonSpace = false;
        outRootLoop:
          while (true) {
            const code = this.getCode();
            switch (code) {
              case LESS: {
                this.state = S_OPEN_WAKA;
                if (handler !== void 0) {
                  const { text } = this;
                  const slice = chunk.slice(start, this.prevI);
                  if (text.length !== 0) {
                    handler(text + slice);
                    this.text = "";
                  } else if (slice.length !== 0) {
                    handler(slice);
                  }
                }
                break outRootLoop;
              }
              case AMP:
                this.state = S_ENTITY;
                this.entityReturnState = S_TEXT;
                if (handler !== void 0) {
                  this.text += chunk.slice(start, this.prevI);
                }
                nonSpace = true;
                break outRootLoop;
              case NL_LIKE:
                if (handler !== void 0) {
                  this.text += `${chunk.slice(start, this.prevI)}
`;
                }
                start = this.i;
                break;
              case EOC:
                if (handler !== void 0) {
                  this.text += chunk.slice(start);
                }
                break outRootLoop;
              default:
                if (!isS(code)) {
                  nonSpace = true;
                }
            }
          }
        if (!nonSpace) {
          return;
        }
        if (!this.sawRoot && !this.reportedTextBeforeRoot) {
          this.fail("text data outside of root node.");
          this.reportedTextBeforeRoot = true;
        }
        if (this.closedRoot && !this.reportedTextAfterRoot) {
          this.fail("text data outside of root node.");
          this.reportedTextAfterRoot = true;
        }
      }
      pushAttribNS(name, value) {
        var _a;
        const { prefix, local } = this.qname(name);
        const attr = { name, prefix, local, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
        if (prefix === "xmlns") {
          const trimmed = value.trim();
          if (this.currentXMLVersion === "1.0" && trimmed === "") {
            this.fail("invalid attempt to undefine prefix in XML 1.0");
          }
          this.topNS[local] = trimmed;
          nsPairCheck(this, local, trimmed);
        } else if (name === "xmlns") {
          const trimmed = value.trim();
          this.topNS[""] = trimmed;
          nsPairCheck(this, "", trimmed);
        }
      }
      pushAttribPlain(name, value) {
        var _a;
        const attr = { name, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
      }
      /**
       * End parsing. This performs final well-formedness checks and resets the
       * parser to a clean state.
       *
       * @returns this
       */
      end() {
        var _a, _b;
        if (!this.sawRoot) {
          this.fail("document must contain a root element.");
        }
        const { tags } = this;
        while (tags.length > 0) {
          const tag = tags.pop();
          this.fail(`unclosed tag: ${tag.name}`);
        }
        if (this.state !== S_BEGIN && this.state !== S_TEXT) {
          this.fail("unexpected end.");
        }
        const { text } = this;
        if (text.length !== 0) {
          (_a = this.textHandler) === null || _a === void 0 ? void 0 : _a.call(this, text);
          this.text = "";
        }
        this._closed = true;
        (_b = this.endHandler) === null || _b === void 0 ? void 0 : _b.call(this);
        this._init();
        return this;
      }
      /**
       * Resolve a namespace prefix.
       *
       * @param prefix The prefix to resolve.
       *
       * @returns The namespace URI or ``undefined`` if the prefix is not defined.
       */
      resolve(prefix) {
        var _a, _b;
        let uri = this.topNS[prefix];
        if (uri !== void 0) {
          return uri;
        }
        const { tags } = this;
        for (let index = tags.length - 1; index >= 0; index--) {
          uri = tags[index].ns[prefix];
          if (uri !== void 0) {
            return uri;
          }
        }
        uri = this.ns[prefix];
        if (uri !== void 0) {
          return uri;
        }
        return (_b = (_a = this.opt).resolvePrefix) === null || _b === void 0 ? void 0 : _b.call(_a, prefix);
      }
      /**
       * Parse a qname into its prefix and local name parts.
       *
       * @param name The name to parse
       *
       * @returns
       */
      qname(name) {
        const colon = name.indexOf(":");
        if (colon === -1) {
          return { prefix: "", local: name };
        }
        const local = name.slice(colon + 1);
        const prefix = name.slice(0, colon);
        if (prefix === "" || local === "" || local.includes(":")) {
          this.fail(`malformed name: ${name}.`);
        }
        return { prefix, local };
      }
      processAttribsNS() {
        var _a;
        const { attribList } = this;
        const tag = this.tag;
        {
          const { prefix, local } = this.qname(tag.name);
          tag.prefix = prefix;
          tag.local = local;
          const uri = tag.uri = (_a = this.resolve(prefix)) !== null && _a !== void 0 ? _a : "";
          if (prefix !== "") {
            if (prefix === "xmlns") {
              this.fail('tags may not have "xmlns" as prefix.');
            }
            if (uri === "") {
              this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
              tag.uri = prefix;
            }
          }
        }
        if (attribList.length === 0) {
          return;
        }
        const { attributes } = tag;
        const seen = /* @__PURE__ */ new Set();
        for (const attr of attribList) {
          const { name, prefix, local } = attr;
          let uri;
          let eqname;
          if (prefix === "") {
            uri = name === "xmlns" ? XMLNS_NAMESPACE : "";
            eqname = name;
          } else {
            uri = this.resolve(prefix);
            if (uri === void 0) {
              this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
              uri = prefix;
            }
            eqname = `{${uri}}${local}`;
          }
          if (seen.has(eqname)) {
            this.fail(`duplicate attribute: ${eqname}.`);
          }
          seen.add(eqname);
          attr.uri = uri;
          attributes[name] = attr;
        }
        this.attribList = [];
      }
      processAttribsPlain() {
        const { attribList } = this;
        const attributes = this.tag.attributes;
        for (const { name, value } of attribList) {
          if (attributes[name] !== void 0) {
            this.fail(`duplicate attribute: ${name}.`);
          }
          attributes[name] = value;
        }
        this.attribList = [];
      }
      /**
       * Handle a complete open tag. This parser code calls this once it has seen
       * the whole tag. This method checks for well-formeness and then emits
       * ``onopentag``.
       */
      openTag() {
        var _a;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = false;
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        tags.push(tag);
        this.state = S_TEXT;
        this.name = "";
      }
      /**
       * Handle a complete self-closing tag. This parser code calls this once it has
       * seen the whole tag. This method checks for well-formeness and then emits
       * ``onopentag`` and ``onclosetag``.
       */
      openSelfClosingTag() {
        var _a, _b, _c;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = true;
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        (_b = this.closeTagHandler) === null || _b === void 0 ? void 0 : _b.call(this, tag);
        const top = this.tag = (_c = tags[tags.length - 1]) !== null && _c !== void 0 ? _c : null;
        if (top === null) {
          this.closedRoot = true;
        }
        this.state = S_TEXT;
        this.name = "";
      }
      /**
       * Handle a complete close tag. This parser code calls this once it has seen
       * the whole tag. This method checks for well-formeness and then emits
       * ``onclosetag``.
       */
      closeTag() {
        const { tags, name } = this;
        this.state = S_TEXT;
        this.name = "";
        if (name === "") {
          this.fail("weird empty close tag.");
          this.text += "</>";
          return;
        }
        const handler = this.closeTagHandler;
        let l = tags.length;
        while (l-- > 0) {
          const tag = this.tag = tags.pop();
          this.topNS = tag.ns;
          handler === null || handler === void 0 ? void 0 : handler(tag);
          if (tag.name === name) {
            break;
          }
          this.fail("unexpected close tag.");
        }
        if (l === 0) {
          this.closedRoot = true;
        } else if (l < 0) {
          this.fail(`unmatched closing tag: ${name}.`);
          this.text += `</${name}>`;
        }
      }
      /**
       * Resolves an entity. Makes any necessary well-formedness checks.
       *
       * @param entity The entity to resolve.
       *
       * @returns The parsed entity.
       */
      parseEntity(entity) {
        if (entity[0] !== "#") {
          const defined = this.ENTITIES[entity];
          if (defined !== void 0) {
            return defined;
          }
          this.fail(this.isName(entity) ? "undefined entity." : "disallowed character in entity name.");
          return `&${entity};`;
        }
        let num = NaN;
        if (entity[1] === "x" && /^#x[0-9a-f]+$/i.test(entity)) {
          num = parseInt(entity.slice(2), 16);
        } else if (/^#[0-9]+$/.test(entity)) {
          num = parseInt(entity.slice(1), 10);
        }
        if (!this.isChar(num)) {
          this.fail("malformed character entity.");
          return `&${entity};`;
        }
        return String.fromCodePoint(num);
      }
    };
    exports.SaxesParser = SaxesParser2;
  }
});

// node_modules/picomatch/lib/constants.js
var require_constants = __commonJS({
  "node_modules/picomatch/lib/constants.js"(exports, module) {
    "use strict";
    var WIN_SLASH = "\\\\/";
    var WIN_NO_SLASH = `[^${WIN_SLASH}]`;
    var DEFAULT_MAX_EXTGLOB_RECURSION = 0;
    var DOT_LITERAL = "\\.";
    var PLUS_LITERAL = "\\+";
    var QMARK_LITERAL = "\\?";
    var SLASH_LITERAL = "\\/";
    var ONE_CHAR = "(?=.)";
    var QMARK = "[^/]";
    var END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
    var START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
    var DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
    var NO_DOT = `(?!${DOT_LITERAL})`;
    var NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
    var NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
    var NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
    var QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
    var STAR = `${QMARK}*?`;
    var SEP = "/";
    var POSIX_CHARS = {
      DOT_LITERAL,
      PLUS_LITERAL,
      QMARK_LITERAL,
      SLASH_LITERAL,
      ONE_CHAR,
      QMARK,
      END_ANCHOR,
      DOTS_SLASH,
      NO_DOT,
      NO_DOTS,
      NO_DOT_SLASH,
      NO_DOTS_SLASH,
      QMARK_NO_DOT,
      STAR,
      START_ANCHOR,
      SEP
    };
    var WINDOWS_CHARS = {
      ...POSIX_CHARS,
      SLASH_LITERAL: `[${WIN_SLASH}]`,
      QMARK: WIN_NO_SLASH,
      STAR: `${WIN_NO_SLASH}*?`,
      DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
      NO_DOT: `(?!${DOT_LITERAL})`,
      NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
      NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
      START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
      END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
      SEP: "\\"
    };
    var POSIX_REGEX_SOURCE = {
      __proto__: null,
      alnum: "a-zA-Z0-9",
      alpha: "a-zA-Z",
      ascii: "\\x00-\\x7F",
      blank: " \\t",
      cntrl: "\\x00-\\x1F\\x7F",
      digit: "0-9",
      graph: "\\x21-\\x7E",
      lower: "a-z",
      print: "\\x20-\\x7E ",
      punct: "\\-!\"#$%&'()\\*+,./:;<=>?@[\\]^_`{|}~",
      space: " \\t\\r\\n\\v\\f",
      upper: "A-Z",
      word: "A-Za-z0-9_",
      xdigit: "A-Fa-f0-9"
    };
    module.exports = {
      DEFAULT_MAX_EXTGLOB_RECURSION,
      MAX_LENGTH: 1024 * 64,
      POSIX_REGEX_SOURCE,
      // regular expressions
      REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
      REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
      REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
      REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
      REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
      REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,
      // Replace globs with equivalent patterns to reduce parsing time.
      REPLACEMENTS: {
        __proto__: null,
        "***": "*",
        "**/**": "**",
        "**/**/**": "**"
      },
      // Digits
      CHAR_0: 48,
      /* 0 */
      CHAR_9: 57,
      /* 9 */
      // Alphabet chars.
      CHAR_UPPERCASE_A: 65,
      /* A */
      CHAR_LOWERCASE_A: 97,
      /* a */
      CHAR_UPPERCASE_Z: 90,
      /* Z */
      CHAR_LOWERCASE_Z: 122,
      /* z */
      CHAR_LEFT_PARENTHESES: 40,
      /* ( */
      CHAR_RIGHT_PARENTHESES: 41,
      /* ) */
      CHAR_ASTERISK: 42,
      /* * */
      // Non-alphabetic chars.
      CHAR_AMPERSAND: 38,
      /* & */
      CHAR_AT: 64,
      /* @ */
      CHAR_BACKWARD_SLASH: 92,
      /* \ */
      CHAR_CARRIAGE_RETURN: 13,
      /* \r */
      CHAR_CIRCUMFLEX_ACCENT: 94,
      /* ^ */
      CHAR_COLON: 58,
      /* : */
      CHAR_COMMA: 44,
      /* , */
      CHAR_DOT: 46,
      /* . */
      CHAR_DOUBLE_QUOTE: 34,
      /* " */
      CHAR_EQUAL: 61,
      /* = */
      CHAR_EXCLAMATION_MARK: 33,
      /* ! */
      CHAR_FORM_FEED: 12,
      /* \f */
      CHAR_FORWARD_SLASH: 47,
      /* / */
      CHAR_GRAVE_ACCENT: 96,
      /* ` */
      CHAR_HASH: 35,
      /* # */
      CHAR_HYPHEN_MINUS: 45,
      /* - */
      CHAR_LEFT_ANGLE_BRACKET: 60,
      /* < */
      CHAR_LEFT_CURLY_BRACE: 123,
      /* { */
      CHAR_LEFT_SQUARE_BRACKET: 91,
      /* [ */
      CHAR_LINE_FEED: 10,
      /* \n */
      CHAR_NO_BREAK_SPACE: 160,
      /* \u00A0 */
      CHAR_PERCENT: 37,
      /* % */
      CHAR_PLUS: 43,
      /* + */
      CHAR_QUESTION_MARK: 63,
      /* ? */
      CHAR_RIGHT_ANGLE_BRACKET: 62,
      /* > */
      CHAR_RIGHT_CURLY_BRACE: 125,
      /* } */
      CHAR_RIGHT_SQUARE_BRACKET: 93,
      /* ] */
      CHAR_SEMICOLON: 59,
      /* ; */
      CHAR_SINGLE_QUOTE: 39,
      /* ' */
      CHAR_SPACE: 32,
      /*   */
      CHAR_TAB: 9,
      /* \t */
      CHAR_UNDERSCORE: 95,
      /* _ */
      CHAR_VERTICAL_LINE: 124,
      /* | */
      CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279,
      /* \uFEFF */
      /**
       * Create EXTGLOB_CHARS
       */
      extglobChars(chars) {
        return {
          "!": { type: "negate", open: "(?:(?!(?:", close: `))${chars.STAR})` },
          "?": { type: "qmark", open: "(?:", close: ")?" },
          "+": { type: "plus", open: "(?:", close: ")+" },
          "*": { type: "star", open: "(?:", close: ")*" },
          "@": { type: "at", open: "(?:", close: ")" }
        };
      },
      /**
       * Create GLOB_CHARS
       */
      globChars(win32) {
        return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
      }
    };
  }
});

// node_modules/picomatch/lib/utils.js
var require_utils = __commonJS({
  "node_modules/picomatch/lib/utils.js"(exports) {
    "use strict";
    var {
      REGEX_BACKSLASH,
      REGEX_REMOVE_BACKSLASH,
      REGEX_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_GLOBAL
    } = require_constants();
    exports.isObject = (val) => val !== null && typeof val === "object" && !Array.isArray(val);
    exports.hasRegexChars = (str) => REGEX_SPECIAL_CHARS.test(str);
    exports.isRegexChar = (str) => str.length === 1 && exports.hasRegexChars(str);
    exports.escapeRegex = (str) => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, "\\$1");
    exports.toPosixSlashes = (str) => str.replace(REGEX_BACKSLASH, "/");
    exports.isWindows = () => {
      if (typeof navigator !== "undefined" && navigator.platform) {
        const platform = navigator.platform.toLowerCase();
        return platform === "win32" || platform === "windows";
      }
      if (typeof process !== "undefined" && process.platform) {
        return process.platform === "win32";
      }
      return false;
    };
    exports.removeBackslashes = (str) => {
      return str.replace(REGEX_REMOVE_BACKSLASH, (match) => {
        return match === "\\" ? "" : match;
      });
    };
    exports.escapeLast = (input, char, lastIdx) => {
      const idx = input.lastIndexOf(char, lastIdx);
      if (idx === -1) return input;
      if (input[idx - 1] === "\\") return exports.escapeLast(input, char, idx - 1);
      return `${input.slice(0, idx)}\\${input.slice(idx)}`;
    };
    exports.removePrefix = (input, state = {}) => {
      let output = input;
      if (output.startsWith("./")) {
        output = output.slice(2);
        state.prefix = "./";
      }
      return output;
    };
    exports.wrapOutput = (input, state = {}, options = {}) => {
      const prepend = options.contains ? "" : "^";
      const append = options.contains ? "" : "$";
      let output = `${prepend}(?:${input})${append}`;
      if (state.negated === true) {
        output = `(?:^(?!${output}).*$)`;
      }
      return output;
    };
    exports.basename = (path, { windows } = {}) => {
      const segs = path.split(windows ? /[\\/]/ : "/");
      const last = segs[segs.length - 1];
      if (last === "") {
        return segs[segs.length - 2];
      }
      return last;
    };
  }
});

// node_modules/picomatch/lib/scan.js
var require_scan = __commonJS({
  "node_modules/picomatch/lib/scan.js"(exports, module) {
    "use strict";
    var utils = require_utils();
    var {
      CHAR_ASTERISK,
      /* * */
      CHAR_AT,
      /* @ */
      CHAR_BACKWARD_SLASH,
      /* \ */
      CHAR_COMMA,
      /* , */
      CHAR_DOT,
      /* . */
      CHAR_EXCLAMATION_MARK,
      /* ! */
      CHAR_FORWARD_SLASH,
      /* / */
      CHAR_LEFT_CURLY_BRACE,
      /* { */
      CHAR_LEFT_PARENTHESES,
      /* ( */
      CHAR_LEFT_SQUARE_BRACKET,
      /* [ */
      CHAR_PLUS,
      /* + */
      CHAR_QUESTION_MARK,
      /* ? */
      CHAR_RIGHT_CURLY_BRACE,
      /* } */
      CHAR_RIGHT_PARENTHESES,
      /* ) */
      CHAR_RIGHT_SQUARE_BRACKET
      /* ] */
    } = require_constants();
    var isPathSeparator = (code) => {
      return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
    };
    var depth = (token) => {
      if (token.isPrefix !== true) {
        token.depth = token.isGlobstar ? Infinity : 1;
      }
    };
    var scan = (input, options) => {
      const opts = options || {};
      const length = input.length - 1;
      const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
      const slashes = [];
      const tokens = [];
      const parts = [];
      let str = input;
      let index = -1;
      let start = 0;
      let lastIndex = 0;
      let isBrace = false;
      let isBracket = false;
      let isGlob = false;
      let isExtglob = false;
      let isGlobstar = false;
      let braceEscaped = false;
      let backslashes = false;
      let negated = false;
      let negatedExtglob = false;
      let finished = false;
      let braces = 0;
      let prev;
      let code;
      let token = { value: "", depth: 0, isGlob: false };
      const eos = () => index >= length;
      const peek = () => str.charCodeAt(index + 1);
      const advance = () => {
        prev = code;
        return str.charCodeAt(++index);
      };
      while (index < length) {
        code = advance();
        let next;
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          code = advance();
          if (code === CHAR_LEFT_CURLY_BRACE) {
            braceEscaped = true;
          }
          continue;
        }
        if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (code === CHAR_LEFT_CURLY_BRACE) {
              braces++;
              continue;
            }
            if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (braceEscaped !== true && code === CHAR_COMMA) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (code === CHAR_RIGHT_CURLY_BRACE) {
              braces--;
              if (braces === 0) {
                braceEscaped = false;
                isBrace = token.isBrace = true;
                finished = true;
                break;
              }
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_FORWARD_SLASH) {
          slashes.push(index);
          tokens.push(token);
          token = { value: "", depth: 0, isGlob: false };
          if (finished === true) continue;
          if (prev === CHAR_DOT && index === start + 1) {
            start += 2;
            continue;
          }
          lastIndex = index + 1;
          continue;
        }
        if (opts.noext !== true) {
          const isExtglobChar = code === CHAR_PLUS || code === CHAR_AT || code === CHAR_ASTERISK || code === CHAR_QUESTION_MARK || code === CHAR_EXCLAMATION_MARK;
          if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
            isGlob = token.isGlob = true;
            isExtglob = token.isExtglob = true;
            finished = true;
            if (code === CHAR_EXCLAMATION_MARK && index === start) {
              negatedExtglob = true;
            }
            if (scanToEnd === true) {
              let parens = 0;
              while (eos() !== true && (code = advance())) {
                if (code === CHAR_BACKWARD_SLASH) {
                  backslashes = token.backslashes = true;
                  advance();
                  continue;
                }
                if (code === CHAR_LEFT_PARENTHESES) {
                  parens++;
                  continue;
                }
                if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                  finished = true;
                  break;
                }
              }
              continue;
            }
            break;
          }
        }
        if (code === CHAR_ASTERISK) {
          if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_QUESTION_MARK) {
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_LEFT_SQUARE_BRACKET) {
          while (eos() !== true && (next = advance())) {
            if (next === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (next === CHAR_RIGHT_SQUARE_BRACKET) {
              isBracket = token.isBracket = true;
              isGlob = token.isGlob = true;
              finished = true;
              break;
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
          negated = token.negated = true;
          start++;
          continue;
        }
        if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
          isGlob = token.isGlob = true;
          if (scanToEnd === true) {
            let parens = 1;
            while (eos() !== true && (code = advance())) {
              if (code === CHAR_BACKWARD_SLASH) {
                backslashes = token.backslashes = true;
                advance();
                continue;
              }
              if (code === CHAR_LEFT_PARENTHESES) {
                parens++;
                continue;
              }
              if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                finished = true;
                break;
              }
            }
            continue;
          }
          break;
        }
        if (isGlob === true) {
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
      }
      if (opts.noext === true) {
        isExtglob = false;
        isGlob = false;
      }
      let base = str;
      let prefix = "";
      let glob = "";
      if (start > 0) {
        prefix = str.slice(0, start);
        str = str.slice(start);
        lastIndex -= start;
      }
      if (base && isGlob === true && lastIndex > 0) {
        base = str.slice(0, lastIndex);
        glob = str.slice(lastIndex);
      } else if (isGlob === true) {
        base = "";
        glob = str;
      } else {
        base = str;
      }
      if (base && base !== "" && base !== "/" && base !== str) {
        if (isPathSeparator(base.charCodeAt(base.length - 1))) {
          base = base.slice(0, -1);
        }
      }
      if (opts.unescape === true) {
        if (glob) glob = utils.removeBackslashes(glob);
        if (base && backslashes === true) {
          base = utils.removeBackslashes(base);
        }
      }
      const state = {
        prefix,
        input,
        start,
        base,
        glob,
        isBrace,
        isBracket,
        isGlob,
        isExtglob,
        isGlobstar,
        negated,
        negatedExtglob
      };
      if (opts.tokens === true) {
        state.maxDepth = 0;
        if (!isPathSeparator(code)) {
          tokens.push(token);
        }
        state.tokens = tokens;
      }
      if (opts.parts === true || opts.tokens === true) {
        let prevIndex;
        for (let idx = 0; idx < slashes.length; idx++) {
          const n2 = prevIndex !== void 0 ? prevIndex + 1 : start;
          const i = slashes[idx];
          const value2 = input.slice(n2, i);
          if (opts.tokens) {
            if (idx === 0 && start !== 0) {
              tokens[idx].isPrefix = true;
              tokens[idx].value = prefix;
            } else {
              tokens[idx].value = value2;
            }
            depth(tokens[idx]);
            state.maxDepth += tokens[idx].depth;
          }
          if (i >= start) {
            parts.push(value2);
            prevIndex = i;
          }
        }
        const n = prevIndex !== void 0 ? prevIndex + 1 : start;
        const value = input.slice(n);
        parts.push(value);
        if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
          tokens[tokens.length - 1].value = value;
          depth(tokens[tokens.length - 1]);
          state.maxDepth += tokens[tokens.length - 1].depth;
        }
        state.slashes = slashes;
        state.parts = parts;
      }
      return state;
    };
    module.exports = scan;
  }
});

// node_modules/picomatch/lib/parse.js
var require_parse = __commonJS({
  "node_modules/picomatch/lib/parse.js"(exports, module) {
    "use strict";
    var constants2 = require_constants();
    var utils = require_utils();
    var {
      MAX_LENGTH,
      POSIX_REGEX_SOURCE,
      REGEX_NON_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_BACKREF,
      REPLACEMENTS
    } = constants2;
    var expandRange = (args, options) => {
      if (typeof options.expandRange === "function") {
        return options.expandRange(...args, options);
      }
      args.sort();
      const value = `[${args.join("-")}]`;
      try {
        new RegExp(value);
      } catch (ex) {
        return args.map((v) => utils.escapeRegex(v)).join("..");
      }
      return value;
    };
    var syntaxError = (type, char) => {
      return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
    };
    var splitTopLevel = (input) => {
      const parts = [];
      let bracket = 0;
      let paren = 0;
      let quote2 = 0;
      let value = "";
      let escaped = false;
      for (const ch of input) {
        if (escaped === true) {
          value += ch;
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          value += ch;
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote2 = quote2 === 1 ? 0 : 1;
          value += ch;
          continue;
        }
        if (quote2 === 0) {
          if (ch === "[") {
            bracket++;
          } else if (ch === "]" && bracket > 0) {
            bracket--;
          } else if (bracket === 0) {
            if (ch === "(") {
              paren++;
            } else if (ch === ")" && paren > 0) {
              paren--;
            } else if (ch === "|" && paren === 0) {
              parts.push(value);
              value = "";
              continue;
            }
          }
        }
        value += ch;
      }
      parts.push(value);
      return parts;
    };
    var isPlainBranch = (branch) => {
      let escaped = false;
      for (const ch of branch) {
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (/[?*+@!()[\]{}]/.test(ch)) {
          return false;
        }
      }
      return true;
    };
    var normalizeSimpleBranch = (branch) => {
      let value = branch.trim();
      let changed = true;
      while (changed === true) {
        changed = false;
        if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
          value = value.slice(2, -1);
          changed = true;
        }
      }
      if (!isPlainBranch(value)) {
        return;
      }
      return value.replace(/\\(.)/g, "$1");
    };
    var hasRepeatedCharPrefixOverlap = (branches) => {
      const values = branches.map(normalizeSimpleBranch).filter(Boolean);
      for (let i = 0; i < values.length; i++) {
        for (let j = i + 1; j < values.length; j++) {
          const a = values[i];
          const b = values[j];
          const char = a[0];
          if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
            continue;
          }
          if (a === b || a.startsWith(b) || b.startsWith(a)) {
            return true;
          }
        }
      }
      return false;
    };
    var parseRepeatedExtglob = (pattern, requireEnd = true) => {
      if (pattern[0] !== "+" && pattern[0] !== "*" || pattern[1] !== "(") {
        return;
      }
      let bracket = 0;
      let paren = 0;
      let quote2 = 0;
      let escaped = false;
      for (let i = 1; i < pattern.length; i++) {
        const ch = pattern[i];
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote2 = quote2 === 1 ? 0 : 1;
          continue;
        }
        if (quote2 === 1) {
          continue;
        }
        if (ch === "[") {
          bracket++;
          continue;
        }
        if (ch === "]" && bracket > 0) {
          bracket--;
          continue;
        }
        if (bracket > 0) {
          continue;
        }
        if (ch === "(") {
          paren++;
          continue;
        }
        if (ch === ")") {
          paren--;
          if (paren === 0) {
            if (requireEnd === true && i !== pattern.length - 1) {
              return;
            }
            return {
              type: pattern[0],
              body: pattern.slice(2, i),
              end: i
            };
          }
        }
      }
    };
    var buildCharClassStar = (chars) => {
      const source = chars.length === 1 ? utils.escapeRegex(chars[0]) : `[${chars.map((ch) => utils.escapeRegex(ch)).join("")}]`;
      return `${source}*`;
    };
    var getStarExtglobSequenceChars = (pattern) => {
      let index = 0;
      const chars = [];
      while (index < pattern.length) {
        const match = parseRepeatedExtglob(pattern.slice(index), false);
        if (!match || match.type !== "*") {
          return;
        }
        const branches = splitTopLevel(match.body).map((branch2) => branch2.trim());
        if (branches.length !== 1) {
          return;
        }
        const branch = normalizeSimpleBranch(branches[0]);
        if (!branch || branch.length !== 1) {
          return;
        }
        chars.push(branch);
        index += match.end + 1;
      }
      if (chars.length < 1) {
        return;
      }
      return chars;
    };
    var repeatedExtglobRecursion = (pattern) => {
      let depth = 0;
      let value = pattern.trim();
      let match = parseRepeatedExtglob(value);
      while (match) {
        depth++;
        value = match.body.trim();
        match = parseRepeatedExtglob(value);
      }
      return depth;
    };
    var analyzeRepeatedExtglob = (body, options) => {
      if (options.maxExtglobRecursion === false) {
        return { risky: false };
      }
      const max = typeof options.maxExtglobRecursion === "number" ? options.maxExtglobRecursion : constants2.DEFAULT_MAX_EXTGLOB_RECURSION;
      const branches = splitTopLevel(body).map((branch) => branch.trim());
      if (branches.length > 1) {
        if (branches.some((branch) => branch === "") || branches.some((branch) => /^[*?]+$/.test(branch)) || hasRepeatedCharPrefixOverlap(branches)) {
          return { risky: true };
        }
      }
      const safeChars = [];
      let sawStarSequence = false;
      let combinable = true;
      for (const branch of branches) {
        const chars = getStarExtglobSequenceChars(branch);
        if (chars) {
          sawStarSequence = true;
          safeChars.push(...chars);
          continue;
        }
        const literal = normalizeSimpleBranch(branch);
        if (literal && literal.length === 1) {
          safeChars.push(literal);
          continue;
        }
        combinable = false;
        if (repeatedExtglobRecursion(branch) > max) {
          return { risky: true };
        }
      }
      if (sawStarSequence) {
        return combinable ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) } : { risky: true };
      }
      return { risky: false };
    };
    var parse = (input, options) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected a string");
      }
      input = REPLACEMENTS[input] || input;
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      let len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      const bos = { type: "bos", value: "", output: opts.prepend || "" };
      const tokens = [bos];
      const capture = opts.capture ? "" : "?:";
      const PLATFORM_CHARS = constants2.globChars(opts.windows);
      const EXTGLOB_CHARS = constants2.extglobChars(PLATFORM_CHARS);
      const {
        DOT_LITERAL,
        PLUS_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOT_SLASH,
        NO_DOTS_SLASH,
        QMARK,
        QMARK_NO_DOT,
        STAR,
        START_ANCHOR
      } = PLATFORM_CHARS;
      const globstar = (opts2) => {
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const nodot = opts.dot ? "" : NO_DOT;
      const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
      let star = opts.bash === true ? globstar(opts) : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      if (typeof opts.noext === "boolean") {
        opts.noextglob = opts.noext;
      }
      const state = {
        input,
        index: -1,
        start: 0,
        dot: opts.dot === true,
        consumed: "",
        output: "",
        prefix: "",
        backtrack: false,
        negated: false,
        brackets: 0,
        braces: 0,
        parens: 0,
        quotes: 0,
        globstar: false,
        tokens
      };
      input = utils.removePrefix(input, state);
      len = input.length;
      const extglobs = [];
      const braces = [];
      const stack = [];
      let prev = bos;
      let value;
      const eos = () => state.index === len - 1;
      const peek = state.peek = (n = 1) => input[state.index + n];
      const advance = state.advance = () => input[++state.index] || "";
      const remaining = () => input.slice(state.index + 1);
      const consume = (value2 = "", num = 0) => {
        state.consumed += value2;
        state.index += num;
      };
      const append = (token) => {
        state.output += token.output != null ? token.output : token.value;
        consume(token.value);
      };
      const negate = () => {
        let count = 1;
        while (peek() === "!" && (peek(2) !== "(" || peek(3) === "?")) {
          advance();
          state.start++;
          count++;
        }
        if (count % 2 === 0) {
          return false;
        }
        state.negated = true;
        state.start++;
        return true;
      };
      const increment = (type) => {
        state[type]++;
        stack.push(type);
      };
      const decrement = (type) => {
        state[type]--;
        stack.pop();
      };
      const push = (tok) => {
        if (prev.type === "globstar") {
          const isBrace = state.braces > 0 && (tok.type === "comma" || tok.type === "brace");
          const isExtglob = tok.extglob === true || extglobs.length && (tok.type === "pipe" || tok.type === "paren");
          if (tok.type !== "slash" && tok.type !== "paren" && !isBrace && !isExtglob) {
            state.output = state.output.slice(0, -prev.output.length);
            prev.type = "star";
            prev.value = "*";
            prev.output = star;
            state.output += prev.output;
          }
        }
        if (extglobs.length && tok.type !== "paren") {
          extglobs[extglobs.length - 1].inner += tok.value;
        }
        if (tok.value || tok.output) append(tok);
        if (prev && prev.type === "text" && tok.type === "text") {
          prev.output = (prev.output || prev.value) + tok.value;
          prev.value += tok.value;
          return;
        }
        tok.prev = prev;
        tokens.push(tok);
        prev = tok;
      };
      const extglobOpen = (type, value2) => {
        const token = { ...EXTGLOB_CHARS[value2], conditions: 1, inner: "" };
        token.prev = prev;
        token.parens = state.parens;
        token.output = state.output;
        token.startIndex = state.index;
        token.tokensIndex = tokens.length;
        const output = (opts.capture ? "(" : "") + token.open;
        increment("parens");
        push({ type, value: value2, output: state.output ? "" : ONE_CHAR });
        push({ type: "paren", extglob: true, value: advance(), output });
        extglobs.push(token);
      };
      const extglobClose = (token) => {
        const literal = input.slice(token.startIndex, state.index + 1);
        const body = input.slice(token.startIndex + 2, state.index);
        const analysis = analyzeRepeatedExtglob(body, opts);
        if ((token.type === "plus" || token.type === "star") && analysis.risky) {
          const safeOutput = analysis.safeOutput ? (token.output ? "" : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput) : void 0;
          const open2 = tokens[token.tokensIndex];
          open2.type = "text";
          open2.value = literal;
          open2.output = safeOutput || utils.escapeRegex(literal);
          for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
            tokens[i].value = "";
            tokens[i].output = "";
            delete tokens[i].suffix;
          }
          state.output = token.output + open2.output;
          state.backtrack = true;
          push({ type: "paren", extglob: true, value, output: "" });
          decrement("parens");
          return;
        }
        let output = token.close + (opts.capture ? ")" : "");
        let rest;
        if (token.type === "negate") {
          let extglobStar = star;
          if (token.inner && token.inner.length > 1 && token.inner.includes("/")) {
            extglobStar = globstar(opts);
          }
          if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
            output = token.close = `)$))${extglobStar}`;
          }
          if (token.inner.includes("*") && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
            const expression = parse(rest, { ...options, fastpaths: false }).output;
            output = token.close = `)${expression})${extglobStar})`;
          }
          if (token.prev.type === "bos") {
            state.negatedExtglob = true;
          }
        }
        push({ type: "paren", extglob: true, value, output });
        decrement("parens");
      };
      if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
        let backslashes = false;
        let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first2, rest, index) => {
          if (first2 === "\\") {
            backslashes = true;
            return m;
          }
          if (first2 === "?") {
            if (esc) {
              return esc + first2 + (rest ? QMARK.repeat(rest.length) : "");
            }
            if (index === 0) {
              return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : "");
            }
            return QMARK.repeat(chars.length);
          }
          if (first2 === ".") {
            return DOT_LITERAL.repeat(chars.length);
          }
          if (first2 === "*") {
            if (esc) {
              return esc + first2 + (rest ? star : "");
            }
            return star;
          }
          return esc ? m : `\\${m}`;
        });
        if (backslashes === true) {
          if (opts.unescape === true) {
            output = output.replace(/\\/g, "");
          } else {
            output = output.replace(/\\+/g, (m) => {
              return m.length % 2 === 0 ? "\\\\" : m ? "\\" : "";
            });
          }
        }
        if (output === input && opts.contains === true) {
          state.output = input;
          return state;
        }
        state.output = utils.wrapOutput(output, state, options);
        return state;
      }
      while (!eos()) {
        value = advance();
        if (value === "\0") {
          continue;
        }
        if (value === "\\") {
          const next = peek();
          if (next === "/" && opts.bash !== true) {
            continue;
          }
          if (next === "." || next === ";") {
            continue;
          }
          if (!next) {
            value += "\\";
            push({ type: "text", value });
            continue;
          }
          const match = /^\\+/.exec(remaining());
          let slashes = 0;
          if (match && match[0].length > 2) {
            slashes = match[0].length;
            state.index += slashes;
            if (slashes % 2 !== 0) {
              value += "\\";
            }
          }
          if (opts.unescape === true) {
            value = advance();
          } else {
            value += advance();
          }
          if (state.brackets === 0) {
            push({ type: "text", value });
            continue;
          }
        }
        if (state.brackets > 0 && (value !== "]" || prev.value === "[" || prev.value === "[^")) {
          if (opts.posix !== false && value === ":") {
            const inner = prev.value.slice(1);
            if (inner.includes("[")) {
              prev.posix = true;
              if (inner.includes(":")) {
                const idx = prev.value.lastIndexOf("[");
                const pre = prev.value.slice(0, idx);
                const rest2 = prev.value.slice(idx + 2);
                const posix = POSIX_REGEX_SOURCE[rest2];
                if (posix) {
                  prev.value = pre + posix;
                  state.backtrack = true;
                  advance();
                  if (!bos.output && tokens.indexOf(prev) === 1) {
                    bos.output = ONE_CHAR;
                  }
                  continue;
                }
              }
            }
          }
          if (value === "[" && peek() !== ":" || value === "-" && peek() === "]") {
            value = `\\${value}`;
          }
          if (value === "]" && (prev.value === "[" || prev.value === "[^")) {
            value = `\\${value}`;
          }
          if (opts.posix === true && value === "!" && prev.value === "[") {
            value = "^";
          }
          prev.value += value;
          append({ value });
          continue;
        }
        if (state.quotes === 1 && value !== '"') {
          value = utils.escapeRegex(value);
          prev.value += value;
          append({ value });
          continue;
        }
        if (value === '"') {
          state.quotes = state.quotes === 1 ? 0 : 1;
          if (opts.keepQuotes === true) {
            push({ type: "text", value });
          }
          continue;
        }
        if (value === "(") {
          increment("parens");
          push({ type: "paren", value });
          continue;
        }
        if (value === ")") {
          if (state.parens === 0 && opts.strictBrackets === true) {
            throw new SyntaxError(syntaxError("opening", "("));
          }
          const extglob = extglobs[extglobs.length - 1];
          if (extglob && state.parens === extglob.parens + 1) {
            extglobClose(extglobs.pop());
            continue;
          }
          push({ type: "paren", value, output: state.parens ? ")" : "\\)" });
          decrement("parens");
          continue;
        }
        if (value === "[") {
          if (opts.nobracket === true || !remaining().includes("]")) {
            if (opts.nobracket !== true && opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("closing", "]"));
            }
            value = `\\${value}`;
          } else {
            increment("brackets");
          }
          push({ type: "bracket", value });
          continue;
        }
        if (value === "]") {
          if (opts.nobracket === true || prev && prev.type === "bracket" && prev.value.length === 1) {
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          if (state.brackets === 0) {
            if (opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("opening", "["));
            }
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          decrement("brackets");
          const prevValue = prev.value.slice(1);
          if (prev.posix !== true && prevValue[0] === "^" && !prevValue.includes("/")) {
            value = `/${value}`;
          }
          prev.value += value;
          append({ value });
          if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
            continue;
          }
          const escaped = utils.escapeRegex(prev.value);
          state.output = state.output.slice(0, -prev.value.length);
          if (opts.literalBrackets === true) {
            state.output += escaped;
            prev.value = escaped;
            continue;
          }
          prev.value = `(${capture}${escaped}|${prev.value})`;
          state.output += prev.value;
          continue;
        }
        if (value === "{" && opts.nobrace !== true) {
          increment("braces");
          const open2 = {
            type: "brace",
            value,
            output: "(",
            outputIndex: state.output.length,
            tokensIndex: state.tokens.length
          };
          braces.push(open2);
          push(open2);
          continue;
        }
        if (value === "}") {
          const brace = braces[braces.length - 1];
          if (opts.nobrace === true || !brace) {
            push({ type: "text", value, output: value });
            continue;
          }
          let output = ")";
          if (brace.dots === true) {
            const arr = tokens.slice();
            const range = [];
            for (let i = arr.length - 1; i >= 0; i--) {
              tokens.pop();
              if (arr[i].type === "brace") {
                break;
              }
              if (arr[i].type !== "dots") {
                range.unshift(arr[i].value);
              }
            }
            output = expandRange(range, opts);
            state.backtrack = true;
          }
          if (brace.comma !== true && brace.dots !== true) {
            const out = state.output.slice(0, brace.outputIndex);
            const toks = state.tokens.slice(brace.tokensIndex);
            brace.value = brace.output = "\\{";
            value = output = "\\}";
            state.output = out;
            for (const t of toks) {
              state.output += t.output || t.value;
            }
          }
          push({ type: "brace", value, output });
          decrement("braces");
          braces.pop();
          continue;
        }
        if (value === "|") {
          if (extglobs.length > 0) {
            extglobs[extglobs.length - 1].conditions++;
          }
          push({ type: "text", value });
          continue;
        }
        if (value === ",") {
          let output = value;
          const brace = braces[braces.length - 1];
          if (brace && stack[stack.length - 1] === "braces") {
            brace.comma = true;
            output = "|";
          }
          push({ type: "comma", value, output });
          continue;
        }
        if (value === "/") {
          if (prev.type === "dot" && state.index === state.start + 1) {
            state.start = state.index + 1;
            state.consumed = "";
            state.output = "";
            tokens.pop();
            prev = bos;
            continue;
          }
          push({ type: "slash", value, output: SLASH_LITERAL });
          continue;
        }
        if (value === ".") {
          if (state.braces > 0 && prev.type === "dot") {
            if (prev.value === ".") prev.output = DOT_LITERAL;
            const brace = braces[braces.length - 1];
            prev.type = "dots";
            prev.output += value;
            prev.value += value;
            brace.dots = true;
            continue;
          }
          if (state.braces + state.parens === 0 && prev.type !== "bos" && prev.type !== "slash") {
            push({ type: "text", value, output: DOT_LITERAL });
            continue;
          }
          push({ type: "dot", value, output: DOT_LITERAL });
          continue;
        }
        if (value === "?") {
          const isGroup = prev && prev.value === "(";
          if (!isGroup && opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("qmark", value);
            continue;
          }
          if (prev && prev.type === "paren") {
            const next = peek();
            let output = value;
            if (prev.value === "(" && !/[!=<:]/.test(next) || next === "<" && !/<([!=]|\w+>)/.test(remaining())) {
              output = `\\${value}`;
            }
            push({ type: "text", value, output });
            continue;
          }
          if (opts.dot !== true && (prev.type === "slash" || prev.type === "bos")) {
            push({ type: "qmark", value, output: QMARK_NO_DOT });
            continue;
          }
          push({ type: "qmark", value, output: QMARK });
          continue;
        }
        if (value === "!") {
          if (opts.noextglob !== true && peek() === "(") {
            if (peek(2) !== "?" || !/[!=<:]/.test(peek(3))) {
              extglobOpen("negate", value);
              continue;
            }
          }
          if (opts.nonegate !== true && state.index === 0) {
            negate();
            continue;
          }
        }
        if (value === "+") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("plus", value);
            continue;
          }
          if (prev && prev.value === "(" || opts.regex === false) {
            push({ type: "plus", value, output: PLUS_LITERAL });
            continue;
          }
          if (prev && (prev.type === "bracket" || prev.type === "paren" || prev.type === "brace") || state.parens > 0) {
            push({ type: "plus", value });
            continue;
          }
          push({ type: "plus", value: PLUS_LITERAL });
          continue;
        }
        if (value === "@") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            push({ type: "at", extglob: true, value, output: "" });
            continue;
          }
          push({ type: "text", value });
          continue;
        }
        if (value !== "*") {
          if (value === "$" || value === "^") {
            value = `\\${value}`;
          }
          const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
          if (match) {
            value += match[0];
            state.index += match[0].length;
          }
          push({ type: "text", value });
          continue;
        }
        if (prev && (prev.type === "globstar" || prev.star === true)) {
          prev.type = "star";
          prev.star = true;
          prev.value += value;
          prev.output = star;
          state.backtrack = true;
          state.globstar = true;
          consume(value);
          continue;
        }
        let rest = remaining();
        if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
          extglobOpen("star", value);
          continue;
        }
        if (prev.type === "star") {
          if (opts.noglobstar === true) {
            consume(value);
            continue;
          }
          const prior = prev.prev;
          const before = prior.prev;
          const isStart = prior.type === "slash" || prior.type === "bos";
          const afterStar = before && (before.type === "star" || before.type === "globstar");
          if (opts.bash === true && (!isStart || rest[0] && rest[0] !== "/")) {
            push({ type: "star", value, output: "" });
            continue;
          }
          const isBrace = state.braces > 0 && (prior.type === "comma" || prior.type === "brace");
          const isExtglob = extglobs.length && (prior.type === "pipe" || prior.type === "paren");
          if (!isStart && prior.type !== "paren" && !isBrace && !isExtglob) {
            push({ type: "star", value, output: "" });
            continue;
          }
          while (rest.slice(0, 3) === "/**") {
            const after = input[state.index + 4];
            if (after && after !== "/") {
              break;
            }
            rest = rest.slice(3);
            consume("/**", 3);
          }
          const isEnd = eos() || state.parens > 0 && rest === ")".repeat(state.parens) && !extglobs.some((extglob) => extglob.type === "negate");
          if (prior.type === "bos" && eos()) {
            prev.type = "globstar";
            prev.value += value;
            prev.output = globstar(opts);
            state.output = prev.output;
            state.globstar = true;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && !afterStar && isEnd) {
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = globstar(opts) + (opts.strictSlashes ? ")" : "|$)");
            prev.value += value;
            state.globstar = true;
            state.output += prior.output + prev.output;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && rest[0] === "/") {
            const end = rest[1] !== void 0 ? "|$" : "";
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
            prev.value += value;
            state.output += prior.output + prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          if (prior.type === "bos" && rest[0] === "/") {
            prev.type = "globstar";
            prev.value += value;
            prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
            state.output = prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          state.output = state.output.slice(0, -prev.output.length);
          prev.type = "globstar";
          prev.output = globstar(opts);
          prev.value += value;
          state.output += prev.output;
          state.globstar = true;
          consume(value);
          continue;
        }
        const token = { type: "star", value, output: star };
        if (opts.bash === true) {
          token.output = ".*?";
          if (prev.type === "bos" || prev.type === "slash") {
            token.output = nodot + token.output;
          }
          push(token);
          continue;
        }
        if (prev && (prev.type === "bracket" || prev.type === "paren") && opts.regex === true) {
          token.output = value;
          push(token);
          continue;
        }
        if (state.index === state.start || prev.type === "slash" || prev.type === "dot") {
          if (prev.type === "dot") {
            state.output += NO_DOT_SLASH;
            prev.output += NO_DOT_SLASH;
          } else if (opts.dot === true) {
            state.output += NO_DOTS_SLASH;
            prev.output += NO_DOTS_SLASH;
          } else {
            state.output += nodot;
            prev.output += nodot;
          }
          if (peek() !== "*") {
            state.output += ONE_CHAR;
            prev.output += ONE_CHAR;
          }
        }
        push(token);
      }
      while (state.brackets > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "]"));
        state.output = utils.escapeLast(state.output, "[");
        decrement("brackets");
      }
      while (state.parens > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", ")"));
        state.output = utils.escapeLast(state.output, "(");
        decrement("parens");
      }
      while (state.braces > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "}"));
        state.output = utils.escapeLast(state.output, "{");
        decrement("braces");
      }
      if (opts.strictSlashes !== true && (prev.type === "star" || prev.type === "bracket")) {
        push({ type: "maybe_slash", value: "", output: `${SLASH_LITERAL}?` });
      }
      if (state.backtrack === true) {
        state.output = "";
        for (const token of state.tokens) {
          state.output += token.output != null ? token.output : token.value;
          if (token.suffix) {
            state.output += token.suffix;
          }
        }
      }
      return state;
    };
    parse.fastpaths = (input, options) => {
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      const len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      input = REPLACEMENTS[input] || input;
      const {
        DOT_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOTS,
        NO_DOTS_SLASH,
        STAR,
        START_ANCHOR
      } = constants2.globChars(opts.windows);
      const nodot = opts.dot ? NO_DOTS : NO_DOT;
      const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
      const capture = opts.capture ? "" : "?:";
      const state = { negated: false, prefix: "" };
      let star = opts.bash === true ? ".*?" : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      const globstar = (opts2) => {
        if (opts2.noglobstar === true) return star;
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const create = (str) => {
        switch (str) {
          case "*":
            return `${nodot}${ONE_CHAR}${star}`;
          case ".*":
            return `${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*.*":
            return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*/*":
            return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;
          case "**":
            return nodot + globstar(opts);
          case "**/*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;
          case "**/*.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "**/.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;
          default: {
            const match = /^(.*?)\.(\w+)$/.exec(str);
            if (!match) return;
            const source2 = create(match[1]);
            if (!source2) return;
            return source2 + DOT_LITERAL + match[2];
          }
        }
      };
      const output = utils.removePrefix(input, state);
      let source = create(output);
      if (source && opts.strictSlashes !== true) {
        source += `${SLASH_LITERAL}?`;
      }
      return source;
    };
    module.exports = parse;
  }
});

// node_modules/picomatch/lib/picomatch.js
var require_picomatch = __commonJS({
  "node_modules/picomatch/lib/picomatch.js"(exports, module) {
    "use strict";
    var scan = require_scan();
    var parse = require_parse();
    var utils = require_utils();
    var constants2 = require_constants();
    var isObject = (val) => val && typeof val === "object" && !Array.isArray(val);
    var picomatch2 = (glob, options, returnState = false) => {
      if (Array.isArray(glob)) {
        const fns = glob.map((input) => picomatch2(input, options, returnState));
        const arrayMatcher = (str) => {
          for (const isMatch of fns) {
            const state2 = isMatch(str);
            if (state2) return state2;
          }
          return false;
        };
        return arrayMatcher;
      }
      const isState = isObject(glob) && glob.tokens && glob.input;
      if (glob === "" || typeof glob !== "string" && !isState) {
        throw new TypeError("Expected pattern to be a non-empty string");
      }
      const opts = options || {};
      const posix = opts.windows;
      const regex = isState ? picomatch2.compileRe(glob, options) : picomatch2.makeRe(glob, options, false, true);
      const state = regex.state;
      delete regex.state;
      let isIgnored = () => false;
      if (opts.ignore) {
        const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
        isIgnored = picomatch2(opts.ignore, ignoreOpts, returnState);
      }
      const matcher = (input, returnObject = false) => {
        const { isMatch, match, output } = picomatch2.test(input, regex, options, { glob, posix });
        const result = { glob, state, regex, posix, input, output, match, isMatch };
        if (typeof opts.onResult === "function") {
          opts.onResult(result);
        }
        if (isMatch === false) {
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (isIgnored(input)) {
          if (typeof opts.onIgnore === "function") {
            opts.onIgnore(result);
          }
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (typeof opts.onMatch === "function") {
          opts.onMatch(result);
        }
        return returnObject ? result : true;
      };
      if (returnState) {
        matcher.state = state;
      }
      return matcher;
    };
    picomatch2.test = (input, regex, options, { glob, posix } = {}) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected input to be a string");
      }
      if (input === "") {
        return { isMatch: false, output: "" };
      }
      const opts = options || {};
      const format = opts.format || (posix ? utils.toPosixSlashes : null);
      let match = input === glob;
      let output = match && format ? format(input) : input;
      if (match === false) {
        output = format ? format(input) : input;
        match = output === glob;
      }
      if (match === false || opts.capture === true) {
        if (opts.matchBase === true || opts.basename === true) {
          match = picomatch2.matchBase(input, regex, options, posix);
        } else {
          match = regex.exec(output);
        }
      }
      return { isMatch: Boolean(match), match, output };
    };
    picomatch2.matchBase = (input, glob, options, posix = options && options.windows) => {
      const regex = glob instanceof RegExp ? glob : picomatch2.makeRe(glob, options);
      return regex.test(utils.basename(input, { windows: posix }));
    };
    picomatch2.isMatch = (str, patterns, options) => picomatch2(patterns, options)(str);
    picomatch2.parse = (pattern, options) => {
      if (Array.isArray(pattern)) return pattern.map((p) => picomatch2.parse(p, options));
      return parse(pattern, { ...options, fastpaths: false });
    };
    picomatch2.scan = (input, options) => scan(input, options);
    picomatch2.compileRe = (state, options, returnOutput = false, returnState = false) => {
      if (returnOutput === true) {
        return state.output;
      }
      const opts = options || {};
      const prepend = opts.contains ? "" : "^";
      const append = opts.contains ? "" : "$";
      let source = `${prepend}(?:${state.output})${append}`;
      if (state && state.negated === true) {
        source = `^(?!${source}).*$`;
      }
      const regex = picomatch2.toRegex(source, options);
      if (returnState === true) {
        regex.state = state;
      }
      return regex;
    };
    picomatch2.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
      if (!input || typeof input !== "string") {
        throw new TypeError("Expected a non-empty string");
      }
      let parsed = { negated: false, fastpaths: true };
      if (options.fastpaths !== false && (input[0] === "." || input[0] === "*")) {
        parsed.output = parse.fastpaths(input, options);
      }
      if (!parsed.output) {
        parsed = parse(input, options);
      }
      return picomatch2.compileRe(parsed, options, returnOutput, returnState);
    };
    picomatch2.toRegex = (source, options) => {
      try {
        const opts = options || {};
        return new RegExp(source, opts.flags || (opts.nocase ? "i" : ""));
      } catch (err) {
        if (options && options.debug === true) throw err;
        return /$^/;
      }
    };
    picomatch2.constants = constants2;
    module.exports = picomatch2;
  }
});

// node_modules/picomatch/index.js
var require_picomatch2 = __commonJS({
  "node_modules/picomatch/index.js"(exports, module) {
    "use strict";
    var pico = require_picomatch();
    var utils = require_utils();
    function picomatch2(glob, options, returnState = false) {
      if (options && (options.windows === null || options.windows === void 0)) {
        options = { ...options, windows: utils.isWindows() };
      }
      return pico(glob, options, returnState);
    }
    Object.assign(picomatch2, pico);
    module.exports = picomatch2;
  }
});

// dist/src/cli/cp/cp-command.js
import { isatty } from "node:tty";

// dist/src/bandwidth/bandwidth-cap.js
var FREE_AT = 0;
var BYTES = 8;
var BandwidthCap = class _BandwidthCap {
  bytesPerSecond;
  #freeAt;
  #buffer;
  constructor(spec) {
    this.bytesPerSecond = spec.bytesPerSecond;
    this.#buffer = spec.buffer;
    this.#freeAt = new BigInt64Array(spec.buffer, 0, 1);
  }
  static create(bytesPerSecond) {
    return new _BandwidthCap({ buffer: new SharedArrayBuffer(BYTES), bytesPerSecond });
  }
  get spec() {
    return { buffer: this.#buffer, bytesPerSecond: this.bytesPerSecond };
  }
  /**
   * The largest slice of a chunk to take at once: 1/50 s of the rate (at least 16 KiB), so that a
   * low cap sends smoothly (a 1 MiB chunk at 1 MiB/s would otherwise be a one-second burst) and
   * no waiting turn is long enough to look like a stalled attempt.
   */
  get sliceBytes() {
    return Math.max(16 * 1024, Math.floor(this.bytesPerSecond / 50));
  }
  /** Reserves `bytes` and returns the milliseconds until they may be sent (0: now). */
  reserve(bytes, nowUs = clockUs()) {
    const cost = BigInt(Math.ceil(bytes * 1e6 / this.bytesPerSecond));
    for (; ; ) {
      const freeAt = Atomics.load(this.#freeAt, FREE_AT);
      const start = freeAt > nowUs ? freeAt : nowUs;
      if (Atomics.compareExchange(this.#freeAt, FREE_AT, freeAt, start + cost) === freeAt) {
        return Number(start - nowUs) / 1e3;
      }
    }
  }
};
function clockUs() {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3));
}

// dist/src/auth/signer-cache.js
var signerModules;
var SignerCache = class {
  #signers = /* @__PURE__ */ new Map();
  async signerFor(auth) {
    const [{ SignatureV4 }, { Hash }] = await (signerModules ??= Promise.all([
      import("@smithy/signature-v4"),
      import("@smithy/hash-node")
    ]));
    const cacheKey = `${auth.accessKeyId}\0${auth.secretAccessKey}\0${auth.sessionToken ?? ""}\0${auth.region}`;
    let signer = this.#signers.get(cacheKey);
    if (!signer) {
      if (this.#signers.size > 16)
        this.#signers.clear();
      signer = new SignatureV4({
        credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, sessionToken: auth.sessionToken },
        region: auth.region,
        service: "s3",
        sha256: Hash.bind(null, "sha256"),
        // S3 signs the path as sent, without the double encoding other AWS services use.
        uriEscapePath: false,
        applyChecksum: false
      });
      this.#signers.set(cacheKey, signer);
    }
    return signer;
  }
};

// dist/src/lane/connection-events.js
var ConnectionEvents = class {
  #listeners = /* @__PURE__ */ new Set();
  /** While a lane runs: where this thread's connection events go. Returns the function that stops. */
  listen(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(event) {
    for (const listener of this.#listeners) {
      listener(event);
      return;
    }
  }
};

// dist/src/http/session-cache.js
import { threadId } from "node:worker_threads";

// dist/src/http/undici-parts.js
import { createRequire } from "node:module";
var require2 = createRequire(import.meta.url);
var Client = require2("undici/lib/dispatcher/client.js");
var H2CClient = require2("undici/lib/dispatcher/h2c-client.js");
var Dispatcher = require2("undici/lib/dispatcher/dispatcher.js");
var buildConnector = require2("undici/lib/core/connect.js");
var apiRequest = require2("undici/lib/api/api-request.js");
function requestOn(dispatcher, options) {
  return Reflect.apply(apiRequest, dispatcher, [options]);
}

// dist/src/proxy/proxy-route.js
import { isIP } from "node:net";
function proxyAddress(route) {
  const url = new URL(route.proxy);
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: Number(url.port), tls: url.protocol === "https:" };
}
function proxyDialOptions(route) {
  const { host, port, tls } = proxyAddress(route);
  if (!tls)
    return { host, port };
  return { host, port, ...route.ca ? { ca: route.ca } : {}, ...isIP(host) ? {} : { servername: host } };
}

// dist/src/proxy/proxied-http-client.js
var ProxiedHttpClient = class extends Dispatcher {
  #client;
  #origin;
  #authorization;
  constructor(origin, route) {
    super();
    this.#origin = origin;
    this.#authorization = route.authorization;
    const { ca, servername } = proxyDialOptions(route);
    this.#client = new Client(route.proxy, { pipelining: 1, allowH2: false, connect: { ca, servername } });
    const store = new URL(origin);
    this.#client.on("connect", (_proxy, targets) => this.emit("connect", store, targets));
    this.#client.on("disconnect", (_proxy, targets, error) => this.emit("disconnect", store, targets, error));
  }
  get stats() {
    return this.#client.stats;
  }
  dispatch(options, handler) {
    const headers = { ...options.headers };
    if (this.#authorization)
      headers["proxy-authorization"] = this.#authorization;
    return this.#client.dispatch({ ...options, path: `${this.#origin}${options.path}`, headers }, handler);
  }
  close(callback) {
    return callback ? this.#client.close(callback) : this.#client.close();
  }
  destroy(errOrCallback, callback) {
    if (typeof errOrCallback === "function")
      return this.#client.destroy(errOrCallback);
    if (callback)
      return this.#client.destroy(errOrCallback ?? null, callback);
    return this.#client.destroy(errOrCallback ?? null);
  }
};

// dist/src/proxy/open-tunnel.js
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP as isIP2 } from "node:net";

// dist/src/proxy/proxy-error.js
var WAYS_OUT = "check HTTPS_PROXY / HTTP_PROXY or --proxy, or bypass the proxy for this store with NO_PROXY or --no-proxy";
function proxyUnreachable(route, target, error) {
  const code = error.code;
  if (code && UNTRUSTED_CERTIFICATE.test(code))
    return proxyUntrusted(route, target, error, code);
  if (route.proxy.startsWith("https:") && /wrong version number|packet length too long/i.test(error.message)) {
    return new PartpushError("PARTPUSH_PROXY_ERROR", `the proxy ${route.proxy} does not speak TLS (on the way to ${target}); if it is a plain HTTP proxy, give it as ${route.proxy.replace("https:", "http:")}`, { causeCode: code, proxy: route.proxy, retryable: false }, { cause: error });
  }
  return new PartpushError("PARTPUSH_PROXY_ERROR", `cannot reach the proxy ${route.proxy} (on the way to ${target}): ${code ? `${code}: ` : ""}${firstLine(error.message)}; ${WAYS_OUT}`, { causeCode: code, proxy: route.proxy, retryable: true }, { cause: error });
}
var UNTRUSTED_CERTIFICATE = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(_LOCALLY)?)|CERT_(HAS_EXPIRED|NOT_YET_VALID|UNTRUSTED|REJECTED|SIGNATURE_FAILURE)|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;
function proxyUntrusted(route, target, error, code) {
  return new PartpushError("PARTPUSH_PROXY_ERROR", `the proxy ${route.proxy}'s TLS certificate is not trusted (on the way to ${target}): ${code}: ${firstLine(error.message)}; pass the proxy's CA with --proxy-ca FILE (the proxyCa option)`, { causeCode: code, proxy: route.proxy, retryable: false }, { cause: error });
}
function proxyRefused(route, target, status, statusText, said) {
  const answered = `HTTP ${status}${statusText ? ` ${statusText}` : ""}${said ? `, ${said}` : ""}`;
  let message;
  if (status === 407) {
    message = route.authorization ? `the proxy ${route.proxy} refused the user name and password in the proxy URL (${answered}); correct them in the proxy URL (http://USER:PASSWORD@HOST:PORT)` : `the proxy ${route.proxy} asks for a user name and password (${answered}); give them in the proxy URL (http://USER:PASSWORD@HOST:PORT)`;
  } else if (status >= 502 && status <= 504) {
    message = `the proxy ${route.proxy} could not reach ${target} (${answered}); check that the store's endpoint is right and reachable from the proxy`;
  } else {
    message = `the proxy ${route.proxy} refused the connection to ${target} (${answered}); ${WAYS_OUT}, or ask its administrator to allow ${target}`;
  }
  return new PartpushError("PARTPUSH_PROXY_ERROR", message, {
    status,
    proxy: route.proxy,
    retryable: status >= 502 && status <= 504
  });
}
function proxysAnswer(what, status, said) {
  const retryable = status >= 502 && status <= 504;
  const why = retryable ? "it could not reach the store" : "its rules refused the request";
  return new PartpushError("PARTPUSH_PROXY_ERROR", `${what}: the proxy answered HTTP ${status} itself, not the store (${said}): ${why}; ${WAYS_OUT}`, { status, retryable });
}
function proxyError(route, message) {
  return new PartpushError("PARTPUSH_PROXY_ERROR", `${message}; ${WAYS_OUT}`, {
    proxy: route.proxy,
    retryable: true,
    causeCode: "ETIMEDOUT"
  });
}

// dist/src/proxy/open-tunnel.js
var TUNNEL_TIMEOUT_MS = 1e4;
function openTunnel(route, hostname, port, signal) {
  const target = `${isIP2(hostname) === 6 ? `[${hostname}]` : hostname}:${port}`;
  const proxy = proxyAddress(route);
  return new Promise((resolve3, reject) => {
    const request = (proxy.tls ? httpsRequest : httpRequest)({
      ...proxyDialOptions(route),
      method: "CONNECT",
      path: target,
      headers: { host: target, ...route.authorization ? { "proxy-authorization": route.authorization } : {} },
      agent: false,
      timeout: TUNNEL_TIMEOUT_MS,
      signal
    });
    request.once("connect", (response, socket, head) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(proxyRefused(route, target, response.statusCode ?? 0, response.statusMessage));
        return;
      }
      socket.setTimeout(0);
      if (head.length > 0)
        socket.unshift(head);
      resolve3(socket);
    });
    request.once("error", (error) => (
      // A cancelled upload is no proxy's fault.
      reject(error.name === "AbortError" ? error : proxyUnreachable(route, target, error))
    ));
    request.once("timeout", () => {
      request.destroy();
      reject(proxyError(route, `the proxy ${route.proxy} did not open a tunnel to ${target} within ${TUNNEL_TIMEOUT_MS / 1e3} s`));
    });
    request.end();
  });
}

// dist/src/proxy/tunnel-connector.js
function tunnelConnector(route, tls, allowH2) {
  const overTunnel = buildConnector({ ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, allowH2 });
  return (options, callback) => {
    const port = Number(options.port || (options.protocol === "https:" ? 443 : 80));
    openTunnel(route, options.hostname, port).then((tunnel) => {
      if (options.protocol !== "https:")
        return callback(null, tunnel);
      overTunnel({ ...options, httpSocket: tunnel }, (...args) => {
        if (args[0])
          tunnel.destroy();
        callback(...args);
      });
    }, (error) => callback(error, null));
  };
}

// dist/src/proxy/store-connector.js
function storeConnector(tls, allowH2, proxy) {
  return proxy ? tunnelConnector(proxy, tls, allowH2) : buildConnector({ ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, allowH2 });
}
function routeKey(proxy) {
  return proxy ? `${proxy.proxy} ${proxy.authorization ?? ""} ${proxy.ca ?? ""}` : "";
}

// dist/src/http/dial-host.js
function dialHost(url) {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

// dist/src/http/predialled-connections.js
var UNTAKEN_AFTER_MS = 3e4;
var PredialledConnections = class {
  #byOrigin = /* @__PURE__ */ new Map();
  /** Dials `origin` (https only) offering h2 where `offerH2`, unless a connection there is already waiting. */
  dial(origin, tls, offerH2, proxy) {
    const url = new URL(origin);
    if (url.protocol !== "https:" || this.#byOrigin.has(origin))
      return;
    const connect = storeConnector(tls, offerH2, proxy);
    const socket = new Promise((resolve3) => {
      connect({ hostname: dialHost(url), host: url.host, protocol: url.protocol, port: url.port }, (error, socket2) => {
        if (error || !socket2)
          return resolve3(void 0);
        socket2.unref();
        resolve3(socket2);
      });
    });
    const timer = setTimeout(() => this.#discard(origin), UNTAKEN_AFTER_MS).unref();
    this.#byOrigin.set(origin, { tls, route: routeKey(proxy), socket, timer });
  }
  /**
   * The connector for a new session: it hands over the waiting connection to the session's first
   * connect where trust and protocol match, and dials afresh otherwise (and for every reconnect).
   * Undefined where none waits: the session then uses undici's own connector.
   */
  connectorFor(origin, tls, protocol, proxy) {
    const waiting = this.#byOrigin.get(origin);
    if (!waiting || waiting.tls.ca !== tls.ca || waiting.tls.rejectUnauthorized !== tls.rejectUnauthorized || waiting.route !== routeKey(proxy) || protocol === "h2c")
      return void 0;
    this.#byOrigin.delete(origin);
    clearTimeout(waiting.timer);
    const dial = storeConnector(tls, protocol === "h2", proxy);
    let first2 = waiting.socket;
    return (options, callback) => {
      const ready = first2;
      first2 = void 0;
      if (!ready)
        return dial(options, callback);
      void ready.then((socket) => {
        const alpn = socket?.alpnProtocol || "http/1.1";
        if (socket && !socket.destroyed && alpn === (protocol === "h2" ? "h2" : "http/1.1")) {
          socket.ref();
          callback(null, socket);
        } else {
          socket?.destroy();
          dial(options, callback);
        }
      });
    };
  }
  close() {
    for (const origin of [...this.#byOrigin.keys()])
      this.#discard(origin);
  }
  #discard(origin) {
    const waiting = this.#byOrigin.get(origin);
    if (!waiting)
      return;
    this.#byOrigin.delete(origin);
    clearTimeout(waiting.timer);
    void waiting.socket.then((socket) => socket?.destroy());
  }
};

// dist/src/http/session-cache.js
var SessionCache = class {
  /**
   * By shape, then by CA. The CA is a key of its own, never part of a joined string: a CA bundle
   * (AWS_CA_BUNDLE is often the system's, ~200 KB) would be copied and hashed on every request.
   */
  #groups = /* @__PURE__ */ new Map();
  /** Origins some group here reaches. */
  #origins = /* @__PURE__ */ new Set();
  #predialled = new PredialledConnections();
  #onConnection;
  constructor(onConnection) {
    this.#onConnection = onConnection;
  }
  /** The session for the next request: call it right before the request, which it counts on. */
  get(spec) {
    return this.#group(spec).pick();
  }
  /**
   * Dials `origin` ahead of its first session (see PredialledConnections): only where this thread
   * has none there yet, for a warm one would carry the request without a handshake.
   */
  predial(origin, tls, offerH2, proxy) {
    if (!this.#origins.has(origin))
      this.#predialled.dial(origin, tls, offerH2, proxy);
  }
  /** A request on `session` failed without an answer (reset, GOAWAY, stall): its group avoids it for a while. */
  reportFailure(spec, session) {
    this.#group(spec).avoid(session);
  }
  #group(spec) {
    const connections = spec.protocol === "h1" ? spec.inFlight : spec.connections ?? 1;
    const shape = `${spec.protocol}|${spec.inFlight}|${connections}|${spec.origin}|${spec.tls.rejectUnauthorized}|${routeKey(spec.proxy)}`;
    let byCa = this.#groups.get(shape);
    if (!byCa)
      this.#groups.set(shape, byCa = /* @__PURE__ */ new Map());
    const ca = spec.tls.ca ?? "";
    let group = byCa.get(ca);
    if (!group) {
      group = new SessionGroup(() => this.#open(spec), connections);
      byCa.set(ca, group);
      this.#origins.add(spec.origin);
    }
    return group;
  }
  #open(spec) {
    const session = openSession(spec, this.#predialled.connectorFor(spec.origin, spec.tls, spec.protocol, spec.proxy));
    const tell = this.#onConnection;
    if (tell) {
      session.on("connect", (origin) => tell({ change: "connected", origin: originOf(origin), threadId }));
      session.on("disconnect", (origin, _targets, error) => tell({ change: "disconnected", origin: originOf(origin), threadId, reason: error?.message }));
    }
    return session;
  }
  async close() {
    const groups = [...this.#groups.values()].flatMap((byCa) => [...byCa.values()]);
    this.#groups.clear();
    this.#origins.clear();
    this.#predialled.close();
    await Promise.allSettled(groups.map((g) => g.close()));
  }
};
var SHED_AFTER_MS = 3e4;
var AVOID_AFTER_FAILURE_MS = 1e4;
var SessionGroup = class {
  #sessions = [];
  #open;
  #max;
  constructor(open2, max) {
    this.#open = open2;
    this.#max = max;
  }
  pick() {
    const now = Date.now();
    this.#shedIdle(now);
    const healthy = this.#sessions.filter((e) => now - e.failedAt > AVOID_AFTER_FAILURE_MS);
    const pool = healthy.length > 0 ? healthy : this.#sessions.length < this.#max ? [] : this.#sessions;
    let best = pool[0];
    for (const entry of pool)
      if (load(entry.session) < load(best.session))
        best = entry;
    if (!best || load(best.session) > 0 && this.#sessions.length < this.#max) {
      best = { session: this.#open(), lastPicked: now, failedAt: Number.NEGATIVE_INFINITY };
      this.#sessions.push(best);
    }
    best.lastPicked = now;
    return best.session;
  }
  avoid(session) {
    const entry = this.#sessions.find((e) => e.session === session);
    if (entry)
      entry.failedAt = Date.now();
  }
  #shedIdle(now) {
    for (let i = this.#sessions.length - 1; i > 0; i--) {
      const { session, lastPicked } = this.#sessions[i];
      if (load(session) === 0 && now - lastPicked > SHED_AFTER_MS) {
        this.#sessions.splice(i, 1);
        void session.close().catch(() => {
        });
      }
    }
  }
  async close() {
    const sessions = this.#sessions.splice(0).map((e) => e.session);
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
};
function load(session) {
  const { running, pending } = session.stats;
  return running + pending;
}
function openSession(spec, connector) {
  if (spec.proxy && spec.origin.startsWith("http:"))
    return new ProxiedHttpClient(spec.origin, spec.proxy);
  const connect = connector ?? (spec.proxy ? storeConnector(spec.tls, spec.protocol === "h2", spec.proxy) : { ca: spec.tls.ca, rejectUnauthorized: spec.tls.rejectUnauthorized });
  if (spec.protocol === "h1") {
    return new Client(spec.origin, { pipelining: 1, connect, allowH2: false });
  }
  if (spec.protocol === "h2c") {
    return new H2CClient(spec.origin, { pipelining: spec.inFlight, maxConcurrentStreams: Math.max(100, spec.inFlight) });
  }
  return new Client(spec.origin, {
    connect,
    allowH2: true,
    pipelining: spec.inFlight,
    // Node's HTTP/2 default advertises 100 concurrent streams; the server's SETTINGS can lower it.
    maxConcurrentStreams: Math.max(100, spec.inFlight)
  });
}
function originOf(origin) {
  return new URL(String(origin)).origin;
}

// dist/src/core/one-at-a-time.js
var OneAtATime = class {
  #last = Promise.resolve();
  run(job) {
    const run = this.#last.then(job);
    this.#last = run.catch(() => void 0);
    return run;
  }
};

// dist/src/source/checksum-turns.js
var ChecksumTurns = class {
  #passes = new OneAtATime();
  /**
   * CRC32C of a part's chunks, in order, once every pass queued before it on this thread has
   * finished (or failed). `chunks` is called when the pass's turn comes; each chunk is checksummed
   * before the next is asked for, so a reader may hand out one reused buffer.
   */
  checksum(chunks) {
    return this.#passes.run(async () => {
      let crc = 0;
      let sinceTurn = 0;
      for (const chunk of chunks()) {
        if (sinceTurn >= STRETCH_BYTES) {
          await nextTurn();
          sinceTurn = 0;
        }
        crc = crc32c(chunk, crc);
        sinceTurn += chunk.length;
      }
      return crc;
    });
  }
};
var STRETCH_BYTES = 4 * 1024 * 1024;
function nextTurn() {
  return new Promise((resolve3) => setImmediate(resolve3));
}

// dist/src/source/read-buffers.js
var MAX_CHUNK_SIZE = 1024 * 1024;
var MIN_CHUNK_SIZE = 256 * 1024;
var RING_CHUNKS = 2;
var RING_BUDGET = 16 * 1024 * 1024;
function sendChunkSize(partsInFlight) {
  let size = MAX_CHUNK_SIZE;
  while (size > MIN_CHUNK_SIZE && partsInFlight * RING_CHUNKS * size > RING_BUDGET)
    size /= 2;
  return size;
}
var ReadBuffers = class {
  /** Rings of finished attempts by chunk size, ready for the next part: never more of a size than were once in flight. */
  #spareRings = /* @__PURE__ */ new Map();
  #scratch;
  takeRing(chunkSize) {
    return this.#spareRings.get(chunkSize)?.pop() ?? Array.from({ length: RING_CHUNKS }, () => Buffer.allocUnsafeSlow(chunkSize));
  }
  returnRing(ring) {
    const size = ring[0].length;
    let spares = this.#spareRings.get(size);
    if (!spares)
      this.#spareRings.set(size, spares = []);
    spares.push(ring);
  }
  /** The one buffer checksum passes read into: passes on one thread take turns (ChecksumTurns), so never overlap. */
  get scratch() {
    return this.#scratch ??= Buffer.allocUnsafeSlow(MAX_CHUNK_SIZE);
  }
  /** Lets an idle thread give the memory back (inline mode keeps the main thread's buffers otherwise). */
  drop() {
    this.#spareRings.clear();
    this.#scratch = void 0;
  }
};

// dist/src/compress/frame-compressors.js
import { createRequire as createRequire2 } from "node:module";

// dist/src/compress/held-slabs.js
var SlabPool = class {
  slabSize;
  #free = [];
  /** Slabs handed out and not yet given back or dropped. */
  #held = 0;
  #limit;
  #waiting = [];
  constructor(slabSize, budgetBytes) {
    this.slabSize = slabSize;
    this.#limit = Math.ceil(budgetBytes / slabSize);
  }
  /**
   * Makes sure a part of up to `bytes` can be held whole: otherwise a part larger than the budget
   * would wait forever for slabs that no other part holds.
   */
  fitPart(bytes) {
    this.#limit = Math.max(this.#limit, Math.ceil(bytes / this.slabSize));
  }
  async take() {
    while (this.#held >= this.#limit)
      await new Promise((resolve3) => this.#waiting.push(resolve3));
    this.#held++;
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.slabSize);
  }
  /**
   * Slabs back from a part. `reuse`: the store acknowledged the attempt, so nothing can still read
   * them; after a failed attempt a write of them may still be queued, so they are left to the GC.
   */
  give(slabs, reuse) {
    this.#held -= slabs.length;
    if (reuse)
      this.#free.push(...slabs);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting)
      wake();
  }
  /** Lets an idle thread give the memory back. */
  dropFree() {
    this.#free.length = 0;
  }
};
var SlabChain = class {
  #pool;
  #slabs = [];
  /** Bytes in the last slab. */
  #fill = 0;
  #length = 0;
  constructor(pool) {
    this.#pool = pool;
  }
  get length() {
    return this.#length;
  }
  /** Copies `bytes` onto the end, taking slabs as needed (waiting for them under the budget). */
  append(bytes) {
    return this.#write(bytes.length, (slab, at, from, n) => slab.set(bytes.subarray(from, from + n), at));
  }
  /** Appends `length` zero bytes. */
  appendZeros(length) {
    return this.#write(length, (slab, at, _from, n) => slab.fill(0, at, at + n));
  }
  /** `length` bytes from `start`, in order, as views of at most `chunkSize` bytes (none across two slabs). */
  *range(start, length, chunkSize) {
    const size = this.#pool.slabSize;
    for (let at = start, end = start + length; at < end; ) {
      const inSlab = at % size;
      const n = Math.min(chunkSize, size - inSlab, end - at);
      yield this.#slabs[Math.floor(at / size)].subarray(inSlab, inSlab + n);
      at += n;
    }
  }
  /** Gives the slabs back to the pool (see SlabPool.give for `reuse`). */
  release(reuse) {
    this.#pool.give(this.#slabs.splice(0), reuse);
  }
  /** Fills `length` bytes at the end, slab by slab: `put` writes `n` of them, from `from` on, at `at` in `slab`. */
  async #write(length, put) {
    for (let done = 0; done < length; ) {
      const slab = await this.#room();
      const n = Math.min(length - done, slab.length - this.#fill);
      put(slab, this.#fill, done, n);
      this.#fill += n;
      this.#length += n;
      done += n;
    }
  }
  async #room() {
    const last = this.#slabs.at(-1);
    if (last !== void 0 && this.#fill < last.length)
      return last;
    const slab = await this.#pool.take();
    this.#slabs.push(slab);
    this.#fill = 0;
    return slab;
  }
};

// dist/src/compress/zero-frames.js
var KEPT = 8;
var ZeroFrames = class {
  #compressor;
  #known = /* @__PURE__ */ new Map();
  #zeros = Buffer.alloc(0);
  constructor(compressor) {
    this.#compressor = compressor;
  }
  /** The compressed frame for `frame` when every byte of it is zero; undefined otherwise. */
  of(level, frame) {
    if (!this.#allZero(frame))
      return void 0;
    const key = `${level}:${frame.length}`;
    let known = this.#known.get(key);
    if (known === void 0) {
      const target = Buffer.allocUnsafe(this.#compressor.bound(frame.length));
      const n = this.#compressor.compress(level, target, frame);
      known = { compressed: Buffer.from(target.subarray(0, n)), crc32c: crc32c(frame) };
      if (this.#known.size >= KEPT)
        this.#known.clear();
      this.#known.set(key, known);
    }
    return known;
  }
  #allZero(frame) {
    if (frame.length === 0 || frame[0] !== 0 || frame[frame.length - 1] !== 0)
      return false;
    if (this.#zeros.length < frame.length)
      this.#zeros = Buffer.alloc(frame.length);
    return frame.equals(this.#zeros.subarray(0, frame.length));
  }
};

// dist/src/compress/frame-compressors.js
var FrameCompressors = class {
  #contexts = /* @__PURE__ */ new Map();
  #binding;
  /**
   * Parts are compressed one at a time, whole, in the order their lanes asked: interleaved frame by
   * frame, every lane's part would be ready only when all were, and nothing would be sent meanwhile.
   */
  #parts = new OneAtATime();
  /** Where compressed parts wait for the store (held-slabs.ts). */
  slabs = new SlabPool(SLAB_SIZE, HELD_BUDGET);
  /**
   * Each frame is compressed here, then copied to the part's slabs: zstd writing into the same
   * few MiB, warm in the cache, and a copy, cost less than zstd writing across a part's memory.
   */
  #scratch;
  /** Frames of zeros, compressed once (zero-frames.ts). */
  zeros = new ZeroFrames(this);
  /** Runs a part's compression once the parts queued before it on this thread are compressed. */
  inTurn(compressPart2) {
    return this.#parts.run(compressPart2);
  }
  /** The buffer a frame of up to `size` bytes is compressed into, reused (a part is compressed at a time). */
  scratch(size) {
    const need = this.bound(size);
    if (this.#scratch === void 0 || this.#scratch.length < need)
      this.#scratch = Buffer.allocUnsafeSlow(need);
    return this.#scratch;
  }
  /** Lets an idle thread give the memory back. */
  dropBuffers() {
    this.slabs.dropFree();
    this.#scratch = void 0;
  }
  /** Compresses `source` into `target` as one zstd frame (with its content size and checksum); returns its length. */
  compress(level, target, source) {
    return this.#context(level).compress2(target, source);
  }
  /** The most bytes a frame of `size` bytes can take compressed (random data is stored raw, plus headers). */
  bound(size) {
    return this.#zstd().compressBound(size);
  }
  #context(level) {
    let context = this.#contexts.get(level);
    if (context === void 0) {
      const zstd = this.#zstd();
      context = new zstd.CCtx();
      context.setParameter(zstd.CParameter.compressionLevel, level);
      context.setParameter(zstd.CParameter.checksumFlag, 1);
      this.#contexts.set(level, context);
    }
    return context;
  }
  #zstd() {
    return this.#binding ??= createRequire2(import.meta.url)("zstd-napi/binding.js");
  }
};
var SLAB_SIZE = 1024 * 1024;
var HELD_BUDGET = 128 * 1024 * 1024;

// dist/src/lane/thread-context.js
function createThreadContext() {
  const connections = new ConnectionEvents();
  return {
    sessions: new SessionCache((event) => connections.emit(event)),
    connections,
    signers: new SignerCache(),
    buffers: new ReadBuffers(),
    turns: new ChecksumTurns(),
    compressors: new FrameCompressors()
  };
}

// dist/src/options.js
import { availableParallelism } from "node:os";

// dist/src/core/retry-policy.js
var DEFAULT_RETRY_POLICY = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 2e4, maxRetryAfterMs: 6e4 };
var RETRYABLE_CODES = /* @__PURE__ */ new Set([
  "RequestTimeout",
  "SlowDown",
  "InternalError",
  "ServiceUnavailable",
  "Throttling",
  "ThrottlingException",
  "RequestThrottled",
  "TooManyRequests",
  "OperationAborted",
  "RequestTimeTooSkewed",
  // 409: a conditional write raced another write to the key; S3 documents a retry (which then
  // meets the winner's object and answers 412).
  "ConditionalRequestConflict"
]);
var FATAL_CODES = /* @__PURE__ */ new Set([
  "BadDigest",
  "InvalidDigest",
  "EntityTooSmall",
  "EntityTooLarge",
  "InvalidPart",
  "InvalidPartOrder",
  "NoSuchBucket",
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidBucketName",
  "MalformedXML",
  "InvalidArgument",
  "NotImplemented"
]);
var PERMANENT_5XX = /* @__PURE__ */ new Set([501, 505]);
function isRetryableServiceError(status, serviceCode) {
  if (serviceCode && FATAL_CODES.has(serviceCode))
    return false;
  if (serviceCode && RETRYABLE_CODES.has(serviceCode))
    return true;
  return status === 408 || status === 429 || status >= 500 && !PERMANENT_5XX.has(status);
}
function decideRetry(failure, attempt, policy, random = Math.random) {
  if (!failure.retryable || attempt >= policy.maxAttempts)
    return { retry: false };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const asked = failure.retryAfterMs === void 0 ? 0 : Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
  return { retry: true, delayMs: Math.max(jittered, asked) };
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === void 0)
    return void 0;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed))
    return Number(trimmed) * 1e3;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}

// dist/src/proxy/no-proxy.js
import { isIP as isIP3 } from "node:net";
import { BlockList } from "node:net";
function parseNoProxy(text) {
  const entries = [];
  for (const raw of (text ?? "").split(/[\s,]+/)) {
    const entry = parseEntry(raw.trim().toLowerCase());
    if (entry)
      entries.push(entry);
  }
  return { entries };
}
function bypassesProxy(url, list) {
  const host = bareHost(url.hostname).toLowerCase().replace(/\.$/, "");
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const family = isIP3(host);
  return list.entries.some((entry) => {
    if (entry.kind === "all")
      return true;
    if (entry.port !== void 0 && entry.port !== port)
      return false;
    if (entry.kind === "address")
      return family !== 0 && entry.block.check(host, family === 6 ? "ipv6" : "ipv4");
    return family === 0 && (host === entry.name || host.endsWith(`.${entry.name}`));
  });
}
function parseEntry(entry) {
  if (entry === "")
    return void 0;
  if (entry === "*")
    return { kind: "all" };
  const { host, port } = splitPort(entry);
  if (port !== void 0 && !(port > 0 && port < 65536))
    return void 0;
  const [address, bits] = host.split("/", 2);
  const family = isIP3(address);
  if (family !== 0) {
    const type = family === 6 ? "ipv6" : "ipv4";
    const block = new BlockList();
    if (bits === void 0)
      block.addAddress(address, type);
    else {
      const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
      if (prefix < 0 || prefix > (family === 6 ? 128 : 32))
        return void 0;
      block.addSubnet(address, prefix, type);
    }
    return { kind: "address", block, port };
  }
  if (bits !== void 0)
    return void 0;
  const name = host.replace(/^\*?\./, "").replace(/\.$/, "");
  return name === "" ? void 0 : { kind: "name", name, port };
}
function splitPort(entry) {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return { host: bracketed[1], port: bracketed[2] === void 0 ? void 0 : Number(bracketed[2]) };
  const colon = entry.lastIndexOf(":");
  if (colon < 0 || entry.indexOf(":") !== colon)
    return { host: entry };
  const port = entry.slice(colon + 1);
  return /^\d+$/.test(port) ? { host: entry.slice(0, colon), port: Number(port) } : { host: entry, port: -1 };
}
function bareHost(hostname) {
  return hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
}

// dist/src/proxy/proxy-for.js
function proxyFor(origin, option, env, proxyCa) {
  const route = chooseProxy(origin, option, env);
  if (route && proxyCa && route.proxy.startsWith("https:"))
    route.ca = proxyCa;
  return route;
}
function chooseProxy(origin, option, env) {
  if (option === false)
    return void 0;
  const url = new URL(origin);
  if (bypassesProxy(url, parseNoProxy(firstSet(env, "no_proxy", "NO_PROXY")?.value)))
    return void 0;
  if (typeof option === "string")
    return parseProxyUrl(option, "--proxy (the proxy option)");
  const names = url.protocol === "https:" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"];
  const set = firstSet(env, ...names, "all_proxy", "ALL_PROXY");
  return set ? parseProxyUrl(set.value, set.name) : void 0;
}
function firstSet(env, ...names) {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value)
      return { name, value };
  }
  return void 0;
}
function parseProxyUrl(text, where) {
  const trimmed = text.trim();
  const withScheme2 = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url;
  try {
    url = new URL(withScheme2);
  } catch {
    throw invalid(`${where} is not a proxy URL: "${withoutPassword(trimmed)}"; give it as http://HOST:PORT`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalid(`${where}: a ${url.protocol.slice(0, -1)}:// proxy is not supported ("${withoutPassword(trimmed)}"); partpush speaks to http:// and https:// proxies`);
  }
  if (url.hostname === "")
    throw invalid(`${where} names no proxy host: "${withoutPassword(trimmed)}"`);
  const port = url.port || (url.protocol === "https:" ? "443" : "1080");
  const route = { proxy: `${url.protocol}//${url.hostname}:${port}` };
  if (url.username || url.password) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    route.authorization = `Basic ${Buffer.from(user).toString("base64")}`;
  }
  return route;
}
function withoutPassword(text) {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, (_, scheme) => `${scheme ?? ""}***@`);
}
function invalid(message) {
  return new PartpushError("PARTPUSH_INVALID_OPTION", message, { option: "proxy" });
}

// dist/src/compress/compression.js
import { createRequire as createRequire3 } from "node:module";
var FRAME_SIZE = 2 * 1024 * 1024;
var DEFAULT_ZSTD_LEVEL = 1;
var MAX_ZSTD_LEVEL = 19;
function resolveCompression(option) {
  if (option === void 0)
    return void 0;
  if (option?.codec !== "zstd") {
    throw invalid2(`compress.codec must be "zstd", got ${JSON.stringify(option?.codec)}`);
  }
  const level = option.level ?? DEFAULT_ZSTD_LEVEL;
  if (!Number.isInteger(level) || level < 1 || level > MAX_ZSTD_LEVEL) {
    throw invalid2(`compress.level must be a whole number from 1 to ${MAX_ZSTD_LEVEL}, got ${String(level)}`);
  }
  requireZstd();
  return { codec: "zstd", level, frameSize: FRAME_SIZE };
}
function requireZstd() {
  try {
    createRequire3(import.meta.url).resolve("zstd-napi/binding.js");
  } catch {
    throw invalid2("compress needs zstd-napi, which is not installed (its build needs a C compiler, make and python3 where no prebuilt binary can be downloaded): npm install zstd-napi, or upload uncompressed");
  }
}
function parseCompressFlag(text) {
  const match = /^zstd(?::(\d+))?$/.exec(text);
  if (!match)
    throw invalid2(`--compress takes zstd or zstd:LEVEL (1-${MAX_ZSTD_LEVEL}), got "${text}"`);
  return resolveCompression({ codec: "zstd", level: match[1] === void 0 ? void 0 : Number(match[1]) });
}
function invalid2(message) {
  return new PartpushError("PARTPUSH_INVALID_OPTION", message, { option: "compress" });
}

// dist/src/options.js
var DEFAULT_STREAMS_PER_WORKER = 4;
var MAX_AUTO_STREAMS_PER_WORKER = 32;
var MAX_CONNECTIONS_PER_WORKER = 32;
function defaultWorkers() {
  return Math.min(4, Math.max(1, Math.floor(availableParallelism() / 2)));
}
function resolvePoolOptions(options) {
  const mode = options.mode ?? "workers";
  if (mode !== "workers" && mode !== "inline") {
    throw invalid3("mode", `mode must be "workers" or "inline", got "${String(mode)}"`);
  }
  const workers = wholeNumber("workers", options.workers ?? defaultWorkers(), 1, 64);
  const asked = options.streamsPerWorker ?? "auto";
  const streamsPerWorker = asked === "auto" ? asked : wholeNumber("streamsPerWorker", asked, 1, 64);
  const maxStreamsPerWorker = streamsPerWorker === "auto" ? MAX_AUTO_STREAMS_PER_WORKER : streamsPerWorker;
  const workerNice = wholeNumber("workerNice", options.workerNice ?? 0, 0, 19);
  if (workerNice > 0 && mode === "inline") {
    throw invalid3("workerNice", "workerNice lowers the priority of worker threads; inline mode has none (it runs on the calling thread): drop one of the two");
  }
  if (workerNice > 0 && process.platform !== "linux") {
    throw invalid3("workerNice", `workerNice needs Linux, where each thread has its own nice value; on ${process.platform} it would lower the whole process's priority (run the process under \`nice\` instead)`);
  }
  return {
    mode,
    workers,
    streamsPerWorker,
    maxStreamsPerWorker,
    maxPartsInFlight: wholeNumber("maxPartsInFlight", options.maxPartsInFlight ?? workers * maxStreamsPerWorker, 1, 1e4),
    maxBytesInFlight: positive("maxBytesInFlight", options.maxBytesInFlight ?? Number.POSITIVE_INFINITY),
    idleTimeoutMs: positive("idleTimeoutMs", options.idleTimeoutMs ?? 5 * 6e4),
    workerNice,
    bwlimit: resolveBwlimit(options.bwlimit)
  };
}
function resolveBwlimit(bwlimit) {
  if (bwlimit === void 0)
    return void 0;
  try {
    const rate2 = typeof bwlimit === "string" ? parseRate(bwlimit, "bwlimit") : bwlimit;
    if (typeof rate2 !== "number" || !Number.isFinite(rate2) || rate2 < 1024) {
      throw invalid3("bwlimit", `bwlimit must be at least 1KiB per second, such as "40MiB" (per second), got ${JSON.stringify(bwlimit)}`);
    }
    return rate2;
  } catch (error) {
    if (error instanceof PartpushError)
      error.option = "bwlimit";
    throw error;
  }
}
function resolveTransferOptions(options) {
  const http = options.http ?? "auto";
  if (http !== "auto" && http !== "1.1" && http !== "2")
    throw invalid3("http", `http must be "auto", "1.1" or "2", got "${String(http)}"`);
  const checksum = options.checksum ?? "auto";
  if (checksum !== "auto" && checksum !== "crc32c" && checksum !== "crc32c-header" && checksum !== "none") {
    throw invalid3("checksum", `checksum must be "auto", "crc32c", "crc32c-header" or "none", got "${String(checksum)}"`);
  }
  let partSize;
  if (options.partSize !== void 0) {
    try {
      partSize = typeof options.partSize === "string" ? parseSize(options.partSize, "partSize") : options.partSize;
      validatePartSize(partSize);
    } catch (error) {
      if (error instanceof PartpushError)
        error.option = "partSize";
      throw error;
    }
  }
  return {
    endpoint: options.endpoint,
    region: options.region,
    partSize,
    expectedSize: resolveExpectedSize(options.expectedSize),
    http,
    connections: resolveConnections(options.connections),
    checksum: checksum === "none" ? void 0 : checksum,
    auth: options.auth ?? "auto",
    ca: options.ca === void 0 ? void 0 : pemCertificates(options.ca.toString()),
    insecure: options.insecure ?? false,
    proxy: resolveProxy(options.proxy),
    proxyCa: options.proxyCa === void 0 ? void 0 : pemCertificates(options.proxyCa.toString()),
    signal: options.signal,
    onProgress: options.onProgress,
    onEvent: options.onEvent,
    progressIntervalMs: options.progressIntervalMs ?? 250,
    retry: resolveRetry(options.retry),
    stallTimeoutMs: positive("stallTimeoutMs", options.stallTimeoutMs ?? 6e4),
    credentialRefreshMs: positive("credentialRefreshMs", options.credentialRefreshMs ?? 6e4),
    resume: options.resume ?? false,
    keepStaleUpload: resolveKeepStale(options),
    compression: compressionWithout(options.resume, options.compress),
    env: options.env ?? process.env,
    object: {
      contentType: options.contentType,
      cacheControl: options.cacheControl,
      metadata: options.metadata,
      storageClass: options.storageClass,
      ifNotExists: options.ifNotExists ?? false
    }
  };
}
function resolveKeepStale(options) {
  if (options.keepStaleUpload && !options.resume) {
    throw invalid3("keepStaleUpload", "keepStaleUpload keeps the upload a resume journal names: it needs resume");
  }
  return options.keepStaleUpload ?? false;
}
function resolveProxy(proxy) {
  if (proxy === void 0 || proxy === false)
    return proxy;
  if (typeof proxy !== "string")
    throw invalid3("proxy", `proxy must be a URL such as "http://proxy:3128", or false, got ${typeof proxy}`);
  parseProxyUrl(proxy, "the proxy option");
  return proxy;
}
function resolveExpectedSize(expected) {
  if (expected === void 0)
    return void 0;
  try {
    const bytes = typeof expected === "string" ? parseSize(expected, "expectedSize") : expected;
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw invalid3("expectedSize", `expectedSize must be a size in bytes (or like "200GiB"), got ${JSON.stringify(expected)}`);
    return bytes;
  } catch (error) {
    if (error instanceof PartpushError)
      error.option = "expectedSize";
    throw error;
  }
}
function resolveConnections(connections) {
  if (connections === void 0 || connections === "auto")
    return "auto";
  if (typeof connections !== "number" || !Number.isInteger(connections) || connections < 1 || connections > MAX_CONNECTIONS_PER_WORKER) {
    throw invalid3("connections", `connections must be "auto" or a whole number from 1 to ${MAX_CONNECTIONS_PER_WORKER} (sessions per worker), got ${JSON.stringify(connections)}`);
  }
  return connections;
}
function holdsPemCertificate(pem) {
  return pem.includes("-----BEGIN CERTIFICATE-----");
}
function pemCertificates(pem) {
  if (!holdsPemCertificate(pem)) {
    throw invalid3("ca", `ca holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line); give the CA's certificate in PEM form`);
  }
  return pem;
}
function resolveRetry(retry = {}) {
  const policy = { ...DEFAULT_RETRY_POLICY, ...retry };
  wholeNumber("retry.maxAttempts", policy.maxAttempts, 1, 100);
  positive("retry.baseDelayMs", policy.baseDelayMs, true);
  positive("retry.maxDelayMs", policy.maxDelayMs, true);
  positive("retry.maxRetryAfterMs", policy.maxRetryAfterMs, true);
  return policy;
}
function positive(name, value, zeroAllowed = false) {
  if (Number.isNaN(value) || value < 0 || !zeroAllowed && value === 0) {
    throw invalid3(name, `${name} must be a ${zeroAllowed ? "non-negative" : "positive"} number, got ${value}`);
  }
  return value;
}
function wholeNumber(name, value, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid3(name, `${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}
function invalid3(option, message) {
  return new PartpushError("PARTPUSH_INVALID_OPTION", message, { option });
}
function compressionWithout(resume, option) {
  const compression = resolveCompression(option);
  if (compression && resume !== void 0 && resume !== false) {
    throw invalid3("compress", "compress cannot be combined with resume: the resume journal does not record the frames of a compressed part; drop --resume, or upload uncompressed");
  }
  return compression;
}

// dist/src/lane/part-board.js
var COUNT = 0;
var CURSOR = 1;
var CONTENDED = 2;
var HEADER = 3;
var PART_NUMBER = 0;
var LANE = 1;
var ATTEMPTS = 2;
var DONE = 3;
var CRC = 4;
var ETAG_LENGTH = 5;
var FIELDS = 6;
var ETAG_BYTES = 256;
var NOT_DONE = 0;
var DONE_WITHOUT_CRC = 1;
var DONE_WITH_CRC = 2;
var DONE_WITH_CONFIRMED_CRC = 3;
var PartBoard = class {
  buffer;
  count;
  #slots;
  #etags;
  /** `partNumbers` on the main thread; an existing board's buffer in a lane. */
  constructor(from) {
    const existing = from instanceof SharedArrayBuffer ? from : void 0;
    this.count = existing ? new Int32Array(existing, 0, 1)[0] : from.length;
    const slotBytes = 4 * (HEADER + FIELDS * this.count);
    this.buffer = existing ?? new SharedArrayBuffer(slotBytes + ETAG_BYTES * this.count);
    this.#slots = new Int32Array(this.buffer, 0, HEADER + FIELDS * this.count);
    this.#etags = Buffer.from(this.buffer, slotBytes, ETAG_BYTES * this.count);
    if (existing)
      return;
    this.#slots[COUNT] = this.count;
    from.forEach((partNumber, index) => {
      this.#slots[this.#at(index, PART_NUMBER)] = partNumber;
    });
  }
  /** The next unclaimed index, now held by `lane`; undefined when every part has been claimed. */
  claim(lane) {
    const index = Atomics.add(this.#slots, CURSOR, 1);
    if (index >= this.count)
      return void 0;
    this.hold(index, lane);
    return index;
  }
  /** Marks `index` as held by `lane`; without the cursor, for parts taken back from a lane that died. */
  hold(index, lane) {
    Atomics.store(this.#slots, this.#at(index, LANE), lane);
  }
  /** How many indexes have been claimed: every index below this one has had a lane. */
  get claimed() {
    return Math.min(Atomics.load(this.#slots, CURSOR), this.count);
  }
  get allClaimed() {
    return this.claimed === this.count;
  }
  partNumber(index) {
    return this.#slots[this.#at(index, PART_NUMBER)];
  }
  /** Records that attempt number `attempt` at `index` has started. */
  setAttempts(index, attempt) {
    Atomics.store(this.#slots, this.#at(index, ATTEMPTS), attempt);
  }
  /** Attempts started at `index` so far, by any lane. */
  attempts(index) {
    return Atomics.load(this.#slots, this.#at(index, ATTEMPTS));
  }
  /** Indexes last held by `lane`. */
  heldBy(lane) {
    const held2 = [];
    for (let i = 0; i < this.count; i++)
      if (Atomics.load(this.#slots, this.#at(i, LANE)) === lane)
        held2.push(i);
    return held2;
  }
  /**
   * Lane: the store acknowledged the part at `index`. The ETag and CRC32C are written before the
   * done flag, and Atomics order them: a thread that sees the flag sees the whole result.
   */
  finish(index, etag, crc32c2, confirmed = false) {
    const bytes = Buffer.byteLength(etag);
    if (bytes > ETAG_BYTES) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `part ${this.partNumber(index)}: the store answered with an ETag of ${bytes} bytes; partpush keeps ETags of up to ${ETAG_BYTES}`, { partNumber: this.partNumber(index), retryable: false });
    }
    this.#etags.write(etag, index * ETAG_BYTES, "utf8");
    this.#slots[this.#at(index, ETAG_LENGTH)] = bytes;
    this.#slots[this.#at(index, CRC)] = crc32c2 ?? 0;
    Atomics.store(this.#slots, this.#at(index, DONE), crc32c2 === void 0 ? DONE_WITHOUT_CRC : confirmed ? DONE_WITH_CONFIRMED_CRC : DONE_WITH_CRC);
  }
  /** The result a lane left at `index`, or undefined while the part is not finished. */
  result(index) {
    const done = Atomics.load(this.#slots, this.#at(index, DONE));
    if (done === NOT_DONE)
      return void 0;
    const start = index * ETAG_BYTES;
    return {
      etag: this.#etags.toString("utf8", start, start + this.#slots[this.#at(index, ETAG_LENGTH)]),
      crc32c: done === DONE_WITHOUT_CRC ? void 0 : this.#slots[this.#at(index, CRC)] >>> 0,
      crc32cConfirmed: done === DONE_WITH_CONFIRMED_CRC,
      attempts: this.attempts(index)
    };
  }
  /**
   * Set while another upload of the same Uploader waits for a part slot: lanes then end after each
   * part, so the scheduler can share slots part by part as it would without lanes.
   */
  set contended(value) {
    Atomics.store(this.#slots, CONTENDED, value ? 1 : 0);
  }
  get contended() {
    return Atomics.load(this.#slots, CONTENDED) !== 0;
  }
  #at(index, field) {
    return HEADER + index * FIELDS + field;
  }
};

// dist/src/bandwidth/throttled-body.js
import { setTimeout as sleep } from "node:timers/promises";
function* throttledBody(body, cap, isCancelled, onTurn = () => {
}) {
  const slice = cap.sliceBytes;
  for (const chunk of body) {
    for (let at = 0; at < chunk.length; at += slice) {
      const piece = chunk.length <= slice ? chunk : chunk.subarray(at, Math.min(at + slice, chunk.length));
      const waitMs = cap.reserve(piece.length);
      if (waitMs < 1)
        onTurn();
      yield waitMs < 1 ? piece : afterTurn(piece, waitMs, isCancelled, onTurn);
    }
  }
}
async function afterTurn(piece, waitMs, isCancelled, onTurn) {
  await sleep(waitMs);
  if (isCancelled())
    throw new Error("cancelled while waiting for its turn under the bandwidth cap");
  onTurn();
  return piece;
}

// dist/src/wire/wire-request.js
function pathWithQuery(request) {
  const pairs = Object.entries(request.query).map(([key, value]) => value === "" ? encodeQueryPart(key) : `${encodeQueryPart(key)}=${encodeQueryPart(value)}`);
  return pairs.length === 0 ? request.path : `${request.path}?${pairs.join("&")}`;
}
function encodeQueryPart(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function hostOf(origin) {
  return new URL(origin).host;
}

// dist/src/auth/authorize-request.js
var UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
async function authorizeRequest(request, auth, signers, signingDate) {
  const headers = { ...request.headers, host: hostOf(request.origin) };
  if (auth.kind === "bearer") {
    headers.authorization = `Bearer ${auth.token}`;
    return headers;
  }
  if (auth.kind === "none")
    return headers;
  headers["x-amz-content-sha256"] ??= UNSIGNED_PAYLOAD;
  if (auth.sessionToken)
    headers["x-amz-security-token"] = auth.sessionToken;
  const url = new URL(request.origin);
  const signed = await (await signers.signerFor(auth)).sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : void 0,
    path: request.path,
    query: request.query,
    headers
  }, signingDate ? { signingDate } : {});
  return signed.headers;
}

// dist/src/http/network-error.js
var TLS_TRUST_CODES = /* @__PURE__ */ new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
]);
function toPartpushError(error, context, fields = {}) {
  if (error instanceof PartpushError)
    return error;
  const err = error;
  const code = err?.code ?? err?.cause?.code;
  const detail = err?.message ?? String(error);
  if (err?.name === "AbortError" || code === "ABORT_ERR") {
    return new PartpushError("PARTPUSH_ABORTED", `${context}: cancelled`, { ...fields, causeCode: code });
  }
  if (code && TLS_TRUST_CODES.has(code)) {
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: the server's TLS certificate is not trusted (${code}); pass its CA with --ca FILE (or the ca option)`, { ...fields, causeCode: code, retryable: false }, { cause: error });
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const tlsError = err.cause?.code === code ? err.cause : err;
    const names = tlsError.cert?.subjectaltname ?? "other names";
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: the server's certificate is for ${names}, not ${tlsError.host ?? "the host in the endpoint"}; use an endpoint with a name the certificate lists, or give the server a certificate for this name`, { ...fields, causeCode: code, retryable: false }, { cause: error });
  }
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: the server's TLS certificate ${code === "CERT_HAS_EXPIRED" ? "has expired" : "is not valid yet"} (${code}); check the server's certificate and this machine's clock`, { ...fields, causeCode: code, retryable: false }, { cause: error });
  }
  return new PartpushError("PARTPUSH_NETWORK_ERROR", `${context}: ${code ? `${code}: ` : ""}${firstLine(detail)}`, { ...fields, causeCode: code, retryable: true }, { cause: error });
}

// dist/src/proxy/proxy-own-answer.js
function proxysOwnAnswer(headers) {
  const squid = first(headers["x-squid-error"]);
  if (squid)
    return `X-Squid-Error: ${squid}`;
  const status = first(headers["proxy-status"]);
  if (status && /(^|;)\s*error=/i.test(status))
    return `Proxy-Status: ${status}`;
  return void 0;
}
function first(value) {
  return Array.isArray(value) ? value[0] : value;
}

// dist/src/checksum/checksum-refusal.js
var DAMAGE_FOUND = /* @__PURE__ */ new Set(["BadDigest", "InvalidDigest", "XAmzContentChecksumMismatch", "XAmzContentSHA256Mismatch"]);
var ABOUT_CHECKSUMS = /aws-chunked|chunk|trailer|checksum|x-amz-sdk|x-amz-content-sha256|content-encoding|unsupported header/i;
var CONDITIONAL = /conditional/i;
function refusesChecksumForm(answer, placement) {
  if (placement === void 0 || answer.status === void 0)
    return false;
  if (placement === "crc32c" && answer.serviceCode === "XAmzContentSHA256Mismatch")
    return true;
  if (answer.serviceCode !== void 0 && DAMAGE_FOUND.has(answer.serviceCode))
    return false;
  if (CONDITIONAL.test(answer.message))
    return false;
  if (answer.status === 501)
    return true;
  if (answer.status === 400)
    return ABOUT_CHECKSUMS.test(answer.message) || answer.serviceCode === "NotImplemented";
  if (placement !== "crc32c")
    return false;
  return answer.status === 403 && answer.serviceCode === "SignatureDoesNotMatch" || answer.status === 401;
}
function weakerPlacement(placement) {
  return placement === "crc32c" ? "crc32c-header" : void 0;
}

// dist/src/http/service-error.js
function serviceError(what, status, headers, body, fields = {}) {
  const parsed = parseErrorXml(body);
  const requestId = parsed?.requestId ?? header(headers, "x-amz-request-id") ?? header(headers, "x-guploader-uploadid");
  const cause2 = parsed ? `${parsed.code}${parsed.message ? `: ${parsed.message}` : ""}` : body.trim().slice(0, 200) || "no error body";
  if (status === 407) {
    return new PartpushError("PARTPUSH_PROXY_ERROR", `${what}: the proxy refused the user name and password in the proxy URL (HTTP 407); correct them in the proxy URL`, { ...fields, status, retryable: false });
  }
  const said = status >= 400 ? proxysOwnAnswer(headers) : void 0;
  if (said)
    return proxysAnswer(what, status, said);
  if (status === 412) {
    return new PartpushError("PARTPUSH_PRECONDITION_FAILED", `${what}: an object already exists under this key, and --no-clobber (ifNotExists) keeps it: nothing was replaced (HTTP 412, ${cause2})`, { ...fields, status, serviceCode: parsed?.code, requestId, retryable: false });
  }
  const hint = status === 501 && CONDITIONAL.test(cause2) ? "; this store does not take conditional writes, so --no-clobber (ifNotExists) cannot be honoured here: drop it to upload" : "";
  return new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered HTTP ${status} (${cause2})${hint}`, {
    ...fields,
    status,
    serviceCode: parsed?.code,
    requestId,
    retryable: isRetryableServiceError(status, parsed?.code),
    retryAfterMs: parseRetryAfter(header(headers, "retry-after"))
  });
}
function header(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// dist/src/source/part-reader.js
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

// dist/src/source/file-identity.js
function identityOf(stats) {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}
function identityChange(was, now) {
  if (now.size !== was.size)
    return `size ${was.size} -> ${now.size}`;
  if (now.ino !== was.ino)
    return "replaced by another file (a new inode)";
  if (now.mtimeMs !== was.mtimeMs)
    return `mtime ${iso(was.mtimeMs)} -> ${iso(now.mtimeMs)}`;
  if (now.ctimeMs !== was.ctimeMs)
    return `rewritten (ctime ${iso(was.ctimeMs)} -> ${iso(now.ctimeMs)}, mtime unchanged)`;
  return void 0;
}
function iso(ms) {
  const whole = new Date(ms).toISOString();
  return Number.isInteger(ms) ? whole : whole.replace(/Z$/, `${String(ms % 1).slice(2, 8)}Z`);
}

// dist/src/source/part-reader.js
function openPartReader(source, offset, length, thread, chunkSize = MAX_CHUNK_SIZE) {
  switch (source.kind) {
    case "file":
      return new FilePartReader(source, offset, length, thread, chunkSize);
    case "shared":
      return new SharedPartReader(source.buffer, source.byteOffset + offset, length, thread, chunkSize);
    case "ring":
      return new SharedPartReader(source.buffer, slabStart(source, offset, length), length, thread, chunkSize);
  }
}
function openPartRangeReader(source, part, from, length, thread, chunkSize) {
  if (source.kind !== "ring")
    return openPartReader(source, part.offset + from, length, thread, chunkSize);
  return new SharedPartReader(source.buffer, slabStart(source, part.offset, part.length) + from, length, thread, chunkSize);
}
function slabStart(source, offset, length) {
  if (offset % source.slabSize !== 0 || length > source.slabSize) {
    throw new Error(`partpush bug: a stream part (${offset}+${length}) does not fit its ${source.slabSize}-byte slab`);
  }
  return offset / source.slabSize % source.slabCount * source.slabSize;
}
var SharedPartReader = class {
  #buffer;
  #start;
  #length;
  #thread;
  #chunkSize;
  constructor(buffer, start, length, thread, chunkSize) {
    this.#buffer = buffer;
    this.#start = start;
    this.#length = length;
    this.#thread = thread;
    this.#chunkSize = chunkSize;
  }
  crc32c() {
    return this.#thread.turns.checksum(() => this.#views());
  }
  *body(onChunk, isCancelled) {
    for (const view of this.#views()) {
      if (isCancelled())
        throw cancelled();
      onChunk(view.length);
      yield view;
    }
  }
  close() {
  }
  /** Zero-copy Buffer views over the shared memory (each under V8's 4 GiB view cap). */
  *#views() {
    for (let done = 0; done < this.#length; done += this.#chunkSize) {
      yield Buffer.from(this.#buffer, this.#start + done, Math.min(this.#chunkSize, this.#length - done));
    }
  }
};
var FilePartReader = class {
  #fd;
  /** The read buffers of the attempt being sent (see read-buffers.ts for why reuse is safe). */
  #ring;
  #source;
  #offset;
  #length;
  #thread;
  #chunkSize;
  constructor(source, offset, length, thread, chunkSize) {
    this.#source = source;
    this.#offset = offset;
    this.#length = length;
    this.#thread = thread;
    this.#chunkSize = chunkSize;
    try {
      this.#fd = openSync(source.path, "r");
      const info = fstatSync(this.#fd);
      const change = identityChange(source, identityOf(info));
      if (change) {
        throw new PartpushError("PARTPUSH_SOURCE_CHANGED", `${source.path} changed while it was being uploaded (${change}); upload a file that is not being written to, or a copy of it`);
      }
    } catch (error) {
      this.close();
      throw error instanceof PartpushError ? error : readFailed(source.path, error);
    }
  }
  crc32c() {
    return this.#thread.turns.checksum(() => this.#scratchReads());
  }
  *body(onChunk, isCancelled) {
    const ring = this.#ring = this.#thread.buffers.takeRing(this.#chunkSize);
    for (let done = 0, k = 0; done < this.#length; done += this.#chunkSize, k++) {
      if (isCancelled())
        throw cancelled();
      const n = Math.min(this.#chunkSize, this.#length - done);
      const buffer = ring[k % RING_CHUNKS];
      const chunk = n === this.#chunkSize ? buffer : buffer.subarray(0, n);
      this.#readExactly(chunk, n, this.#offset + done);
      onChunk(n);
      yield chunk;
    }
  }
  close(succeeded = false) {
    if (this.#ring && succeeded)
      this.#thread.buffers.returnRing(this.#ring);
    this.#ring = void 0;
    if (this.#fd !== void 0) {
      const fd = this.#fd;
      this.#fd = void 0;
      closeSync(fd);
    }
  }
  /** The part read chunk by chunk into the thread's one scratch buffer, for its checksum pass. */
  *#scratchReads() {
    const buffer = this.#thread.buffers.scratch;
    for (let done = 0; done < this.#length; done += MAX_CHUNK_SIZE) {
      const n = Math.min(MAX_CHUNK_SIZE, this.#length - done);
      this.#readExactly(buffer, n, this.#offset + done);
      yield n === MAX_CHUNK_SIZE ? buffer : buffer.subarray(0, n);
    }
  }
  #readExactly(target, n, position) {
    if (this.#fd === void 0) {
      throw new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `${this.#source.path}: read after the part was released`);
    }
    let got = 0;
    try {
      while (got < n) {
        const read2 = readSync(this.#fd, target, got, n - got, position + got);
        if (read2 === 0)
          break;
        got += read2;
      }
    } catch (error) {
      throw readFailed(this.#source.path, error);
    }
    if (got < n) {
      throw new PartpushError("PARTPUSH_SOURCE_CHANGED", `${this.#source.path} shrank while it was being uploaded (expected ${this.#source.size} bytes)`);
    }
  }
};
function readFailed(path, error) {
  const err = error;
  return new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `cannot read ${path}: ${err.message}`, { causeCode: err.code });
}
function cancelled() {
  return new PartpushError("PARTPUSH_ABORTED", "upload cancelled");
}

// dist/src/seekable/seek-table.js
var SEEK_TABLE_MAGIC = 407710302;
var SEEKABLE_MAGIC = 2408770225;
var FOOTER_SIZE = 9;
var FRAME_HEADER_SIZE = 8;
function encodeSeekTable(entries) {
  const size = seekTableSize(entries.length);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(SEEK_TABLE_MAGIC, 0);
  out.writeUInt32LE(size - FRAME_HEADER_SIZE, 4);
  let at = FRAME_HEADER_SIZE;
  for (const entry of entries) {
    out.writeUInt32LE(entry.compressedSize, at);
    out.writeUInt32LE(entry.decompressedSize, at + 4);
    at += 8;
  }
  out.writeUInt32LE(entries.length, at);
  out.writeUInt8(0, at + 4);
  out.writeUInt32LE(SEEKABLE_MAGIC, at + 5);
  return out;
}
function seekTableSize(frames) {
  return FRAME_HEADER_SIZE + 8 * frames + FOOTER_SIZE;
}

// dist/src/compress/raw-frame.js
var ZSTD_MAGIC = 4247762216;
var RAW_BLOCK_SIZE = 128 * 1024;
var RAW_CONTENT_CHUNK = 8 * RAW_BLOCK_SIZE;
var DESCRIPTOR = 2 << 6 | 1 << 5;
var HEADER_SIZE = 4 + 1 + 4;
var BLOCK_HEADER_SIZE = 3;
var RAW_FRAMED_CHUNK = HEADER_SIZE + RAW_CONTENT_CHUNK + RAW_CONTENT_CHUNK / RAW_BLOCK_SIZE * BLOCK_HEADER_SIZE;
function rawFrameSize(contentLength) {
  return HEADER_SIZE + contentLength + BLOCK_HEADER_SIZE * Math.ceil(contentLength / RAW_BLOCK_SIZE);
}
function* rawFrames(run, content, nextBuffer) {
  for (const [i, length] of run.frames.entries()) {
    let crc = 0;
    for (let done = 0; done < length; ) {
      const next = content.next();
      const chunk = next.done === true ? void 0 : next.value;
      if (chunk === void 0 || done + chunk.length > length) {
        throw new Error(`partpush bug: a raw frame's content does not fit its ${length} bytes (at ${done})`);
      }
      const out = nextBuffer();
      let at = 0;
      if (done === 0) {
        out.writeUInt32LE(ZSTD_MAGIC, 0);
        out.writeUInt8(DESCRIPTOR, 4);
        out.writeUInt32LE(length, 5);
        at = HEADER_SIZE;
      }
      for (let from = 0; from < chunk.length; from += RAW_BLOCK_SIZE) {
        const size = Math.min(RAW_BLOCK_SIZE, chunk.length - from);
        out.writeUIntLE(size << 3 | (done + from + size >= length ? 1 : 0), at, BLOCK_HEADER_SIZE);
        chunk.copy(out, at + BLOCK_HEADER_SIZE, from, from + size);
        at += BLOCK_HEADER_SIZE + size;
      }
      crc = crc32c(chunk, crc);
      done += chunk.length;
      if (done === length && crc !== run.crcs[i]) {
        throw new PartpushError("PARTPUSH_SOURCE_CHANGED", "the source changed while it was being uploaded (a frame read again to be sent differs from the one compressed); upload a copy that is not being written to");
      }
      yield out.subarray(0, at);
    }
  }
}

// dist/src/compress/compress-part.js
var PADDING_MAGIC = 407710288;
var SKIPPABLE_HEADER = 8;
async function compressPart(source, part, spec, thread, isCancelled) {
  const { frameSize, level } = spec;
  const zstd = thread.compressors;
  const frames = Math.max(1, Math.ceil(part.length / frameSize));
  zstd.slabs.fitPart(Math.max(frames * zstd.bound(frameSize), spec.padTo) + SKIPPABLE_HEADER + seekTableRoom(spec, frames));
  const out = new PartOutput(new SlabChain(zstd.slabs));
  let crc = 0;
  try {
    if (part.length === 0) {
      const scratch = zstd.scratch(0);
      await out.hold(scratch.subarray(0, zstd.compress(level, scratch, new Uint8Array(0))), 0);
    } else {
      const reader = openPartReader(source, part.offset, part.length, thread, frameSize);
      let succeeded = false;
      try {
        let from = 0;
        let lastWasRaw = false;
        for (const frame of reader.body(() => void 0, isCancelled)) {
          const made = makeFrame(zstd, level, frame, lastWasRaw);
          crc = crc32cCombine(crc, made.crc32c, frame.length);
          lastWasRaw = made.bytes === void 0;
          if (made.bytes === void 0)
            out.raw(from, frame.length, made.crc32c);
          else
            await out.hold(made.bytes, frame.length);
          from += frame.length;
          await new Promise((resolve3) => setImmediate(resolve3));
        }
        succeeded = true;
      } finally {
        reader.close(succeeded);
      }
    }
    if (out.length < spec.padTo)
      await out.pad(spec.padTo - out.length);
    if (spec.withSeekTable)
      await out.seekTable();
    if (isCancelled())
      throw new PartpushError("PARTPUSH_ABORTED", "upload cancelled");
  } catch (error) {
    out.held.release(true);
    throw error;
  }
  return { held: out.held, segments: out.segments, length: out.length, entries: out.entries, crc32c: crc };
}
function makeFrame(zstd, level, frame, afterRaw) {
  const zeros = zstd.zeros.of(level, frame);
  if (zeros)
    return { bytes: zeros.compressed, crc32c: zeros.crc32c };
  const crc = crc32c(frame);
  const scratch = zstd.scratch(frame.length);
  if (afterRaw && !shrinks(zstd, level, scratch, frame))
    return { crc32c: crc };
  const n = zstd.compress(level, scratch, frame);
  return n > frame.length ? { crc32c: crc } : { bytes: scratch.subarray(0, n), crc32c: crc };
}
var PartOutput = class {
  held;
  segments = [];
  entries = [];
  length = 0;
  constructor(held2) {
    this.held = held2;
  }
  /** A frame zstd made, held in the slabs. */
  async hold(frame, decompressedSize) {
    await this.held.append(frame);
    this.entries.push({ compressedSize: frame.length, decompressedSize });
    this.#heldMore(frame.length);
  }
  /** A skippable frame of `length` bytes (at least its 8-byte header). */
  async pad(length) {
    const size = Math.max(SKIPPABLE_HEADER, length);
    const header2 = Buffer.alloc(SKIPPABLE_HEADER);
    header2.writeUInt32LE(PADDING_MAGIC, 0);
    header2.writeUInt32LE(size - SKIPPABLE_HEADER, 4);
    await this.held.append(header2);
    await this.held.appendZeros(size - SKIPPABLE_HEADER);
    this.entries.push({ compressedSize: size, decompressedSize: 0 });
    this.#heldMore(size);
  }
  /** The seek table of the frames so far: the end of an object sent in one PUT. */
  async seekTable() {
    const table = encodeSeekTable(this.entries);
    await this.held.append(table);
    this.#heldMore(table.length);
  }
  /** A frame of the source at `from` (within the part) that zstd could not shrink: sent raw, re-read (and checked against `crc`). */
  raw(from, length, crc) {
    const last = this.segments.at(-1);
    const joins = last?.kind === "raw" && last.from + sum(last.frames) === from && last.frames.at(-1) % RAW_CONTENT_CHUNK === 0;
    if (joins) {
      last.frames.push(length);
      last.crcs.push(crc);
    } else
      this.segments.push({ kind: "raw", from, frames: [length], crcs: [crc] });
    this.entries.push({ compressedSize: rawFrameSize(length), decompressedSize: length });
    this.length += rawFrameSize(length);
  }
  #heldMore(bytes) {
    const last = this.segments.at(-1);
    if (last?.kind === "held")
      last.length += bytes;
    else
      this.segments.push({ kind: "held", length: bytes });
    this.length += bytes;
  }
};
function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}
var PROBE_SIZE = 128 * 1024;
function shrinks(zstd, level, scratch, frame) {
  const probe = frame.subarray(0, PROBE_SIZE);
  return zstd.compress(level, scratch, probe) < probe.length;
}
function seekTableRoom(spec, frames) {
  return spec.withSeekTable ? seekTableSize(frames + 1) : 0;
}

// dist/src/compress/frame-table.js
var HEADER2 = 3;
var PART_HEADER = 2;
var FrameTable = class {
  buffer;
  #slots;
  /** A new table for parts `firstPart` to `firstPart + parts - 1`, or one made elsewhere (`buffer`). */
  constructor(from) {
    if (from instanceof SharedArrayBuffer) {
      this.buffer = from;
      this.#slots = new Uint32Array(from);
      return;
    }
    this.buffer = new SharedArrayBuffer(4 * (HEADER2 + from.parts * (PART_HEADER + 2 * from.entriesPerPart)));
    this.#slots = new Uint32Array(this.buffer);
    this.#slots.set([from.firstPart, from.parts, from.entriesPerPart]);
  }
  get firstPart() {
    return this.#slots[0];
  }
  get parts() {
    return this.#slots[1];
  }
  get entriesPerPart() {
    return this.#slots[2];
  }
  /** Worker: the frames of part `partNumber` and the CRC32C of its uncompressed bytes. */
  write(partNumber, entries, crc32c2) {
    if (entries.length > this.entriesPerPart) {
      throw new Error(`partpush bug: part ${partNumber} has ${entries.length} frames, room for ${this.entriesPerPart}`);
    }
    const at = this.#at(partNumber);
    this.#slots[at] = entries.length;
    this.#slots[at + 1] = crc32c2;
    entries.forEach((entry, i) => {
      this.#slots[at + PART_HEADER + 2 * i] = entry.compressedSize;
      this.#slots[at + PART_HEADER + 2 * i + 1] = entry.decompressedSize;
    });
  }
  /** Main thread, once the part is done: its frames, in order. */
  entries(partNumber) {
    const at = this.#at(partNumber);
    return Array.from({ length: this.#slots[at] }, (_, i) => ({
      compressedSize: this.#slots[at + PART_HEADER + 2 * i],
      decompressedSize: this.#slots[at + PART_HEADER + 2 * i + 1]
    }));
  }
  /** The part's bytes as sent: the sum of its frames' compressed sizes. */
  compressedLength(partNumber) {
    return this.entries(partNumber).reduce((sum2, entry) => sum2 + entry.compressedSize, 0);
  }
  /** CRC32C of the part's uncompressed bytes. */
  crc32c(partNumber) {
    return this.#slots[this.#at(partNumber) + 1];
  }
  #at(partNumber) {
    const index = partNumber - this.firstPart;
    if (index < 0 || index >= this.parts)
      throw new Error(`partpush bug: part ${partNumber} is not in this frame table`);
    return HEADER2 + index * (PART_HEADER + 2 * this.entriesPerPart);
  }
};

// dist/src/compress/compressed-part-reader.js
async function openCompressedPartReader(source, part, spec, thread, chunkSize, isCancelled) {
  const compressed = await thread.compressors.inTurn(() => compressPart(source, part, spec, thread, isCancelled));
  const raw = new RawSending(thread);
  const bytes = (cancelled2) => partBytes(compressed, { source, part, thread, chunkSize, cancelled: cancelled2, raw });
  return {
    length: compressed.length,
    // In turns with the thread's other checksum passes (checksum-turns.ts): raw frames are read again for it.
    crc32c: () => thread.turns.checksum(() => bytes(() => false)),
    *body(onChunk, cancelled2) {
      for (const view of bytes(cancelled2)) {
        if (cancelled2())
          throw new PartpushError("PARTPUSH_ABORTED", "upload cancelled");
        onChunk(view.length);
        yield view;
      }
    },
    close: (succeeded = false) => {
      compressed.held.release(succeeded);
      raw.close(succeeded);
    },
    record: () => new FrameTable(spec.table).write(part.partNumber, compressed.entries, compressed.crc32c)
  };
}
var RawSending = class {
  #thread;
  #open = /* @__PURE__ */ new Set();
  #rings = [];
  #closed = false;
  constructor(thread) {
    this.#thread = thread;
  }
  /** A reader of `length` source bytes at `from` within the part, closed with the part if its run is left unfinished. */
  open(c, from, length, chunkSize) {
    this.#throwIfClosed();
    const reader = openPartRangeReader(c.source, c.part, from, length, this.#thread, chunkSize);
    this.#open.add(reader);
    return reader;
  }
  /** Its run framed: the reader's buffers can be reused at once (the frames hold copies). */
  done(reader) {
    this.#open.delete(reader);
    reader.close(true);
  }
  /** The next buffer of a ring of framed chunks, one ring per body. */
  ring() {
    this.#throwIfClosed();
    const ring = this.#thread.buffers.takeRing(RAW_FRAMED_CHUNK);
    this.#rings.push(ring);
    let k = 0;
    return () => ring[k++ % ring.length];
  }
  close(succeeded) {
    this.#closed = true;
    for (const reader of this.#open)
      reader.close(false);
    this.#open.clear();
    for (const ring of this.#rings.splice(0))
      if (succeeded)
        this.#thread.buffers.returnRing(ring);
  }
  #throwIfClosed() {
    if (this.#closed)
      throw new PartpushError("PARTPUSH_ABORTED", "a compressed part was read after its attempt ended");
  }
};
function* partBytes(compressed, c) {
  let heldAt = 0;
  let nextBuffer;
  const rawChunk = Math.min(c.chunkSize, RAW_CONTENT_CHUNK);
  for (const segment of compressed.segments) {
    if (segment.kind === "held") {
      yield* compressed.held.range(heldAt, segment.length, c.chunkSize);
      heldAt += segment.length;
      continue;
    }
    nextBuffer ??= c.raw.ring();
    const reader = c.raw.open(c, segment.from, sum(segment.frames), rawChunk);
    yield* rawFrames(segment, reader.body(() => void 0, c.cancelled), nextBuffer);
    c.raw.done(reader);
  }
}

// dist/src/lane/attempt-watch.js
var AttemptWatch = class {
  #controller = new AbortController();
  #state;
  #stallTimeoutMs;
  #onStop = () => this.#controller.abort();
  #timer;
  #stalled = false;
  constructor(state, stallTimeoutMs) {
    this.#state = state;
    this.#stallTimeoutMs = stallTimeoutMs;
  }
  get signal() {
    return this.#controller.signal;
  }
  get stalled() {
    return this.#stalled;
  }
  start() {
    this.#state.signal.addEventListener("abort", this.#onStop);
    this.#timer = setTimeout(() => {
      this.#stalled = true;
      this.#controller.abort();
    }, this.#stallTimeoutMs);
  }
  /** Bytes moved: the stall clock starts over. */
  progress() {
    this.#timer?.refresh();
  }
  end() {
    clearTimeout(this.#timer);
    this.#state.signal.removeEventListener("abort", this.#onStop);
  }
};

// dist/src/checksum/aws-chunked.js
var CRC32C_TRAILER = "x-amz-checksum-crc32c";
var STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
var AWS_CHUNK_BYTES = 8 * 1024 * 1024;
var TRAILER_LINE_BYTES = `${CRC32C_TRAILER}:AAAAAA==\r
`.length;
var END_BYTES = "0\r\n".length + TRAILER_LINE_BYTES + "\r\n".length;
function awsChunkedLength(dataLength, chunkBytes = AWS_CHUNK_BYTES) {
  const full = Math.floor(dataLength / chunkBytes);
  const rest = dataLength - full * chunkBytes;
  const framing = (n) => n.toString(16).length + 4;
  return dataLength + full * framing(chunkBytes) + (rest > 0 ? framing(rest) : 0) + END_BYTES;
}
function awsChunkedHeaders(dataLength, chunkBytes = AWS_CHUNK_BYTES) {
  return {
    "content-length": String(awsChunkedLength(dataLength, chunkBytes)),
    "content-encoding": "aws-chunked",
    "x-amz-content-sha256": STREAMING_UNSIGNED_TRAILER,
    "x-amz-decoded-content-length": String(dataLength),
    "x-amz-trailer": CRC32C_TRAILER,
    // Not needed by S3 itself; moto reports the trailer's checksum back only when it is named here.
    "x-amz-sdk-checksum-algorithm": "CRC32C"
  };
}
function* awsChunked(chunks, dataLength, trailer, chunkBytes = AWS_CHUNK_BYTES) {
  let unframed = dataLength;
  let leftInChunk = 0;
  let between = "";
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      if (leftInChunk === 0) {
        if (unframed === 0)
          throw new Error(`aws-chunked: the body has more than the ${dataLength} bytes declared`);
        leftInChunk = Math.min(chunkBytes, unframed);
        unframed -= leftInChunk;
        yield Buffer.from(`${between}${leftInChunk.toString(16)}\r
`, "latin1");
        between = "\r\n";
      }
      const n = Math.min(leftInChunk, chunk.length - at);
      yield n === chunk.length ? chunk : chunk.subarray(at, at + n);
      leftInChunk -= n;
      at += n;
    }
  }
  if (unframed > 0 || leftInChunk > 0)
    throw new Error(`aws-chunked: the body ended short of the ${dataLength} bytes declared`);
  yield Buffer.from(`${between}0\r
${CRC32C_TRAILER}:${trailer()}\r
\r
`, "latin1");
}

// dist/src/lane/part-body.js
async function partBody(reader, spec) {
  const { dialect, length } = spec;
  const data = () => length === 0 ? void 0 : reader.body(spec.onChunk, spec.isCancelled);
  if (spec.checksum === void 0) {
    return { headers: { "content-length": String(length) }, body: data(), crc32c: () => void 0 };
  }
  if (spec.checksum === "crc32c-header" || length === 0) {
    const crc = length === 0 ? 0 : await reader.crc32c();
    return { headers: { "content-length": String(length), ...checksumHeaders(dialect, crc) }, body: data(), crc32c: () => crc };
  }
  const running = runningCrc32c(data(), length);
  if (dialect === "gcs") {
    return { headers: { "content-length": String(length) }, body: running.chunks, crc32c: running.value };
  }
  return {
    headers: awsChunkedHeaders(length),
    // The trailer is asked for after the last chunk, when the CRC32C is complete.
    body: awsChunked(running.chunks, length, () => crc32cToBase64(running.value())),
    crc32c: running.value
  };
}
function runningCrc32c(chunks, length) {
  let crc = 0;
  let seen = 0;
  function* checksummed() {
    for (const chunk of chunks) {
      crc = crc32c(chunk, crc);
      seen += chunk.length;
      yield chunk;
    }
  }
  return {
    chunks: checksummed(),
    // A store that answers before it has every byte must not be checked against a prefix's CRC32C.
    value: () => seen === length ? crc : void 0
  };
}

// dist/src/lane/send-part.js
async function sendPart(attempt, thread) {
  const { upload, part } = attempt;
  if (upload.compression)
    return sendCompressedPart(attempt, thread, upload.compression);
  const reader = openPartReader(upload.source, part.offset, part.length, thread, upload.chunkSize);
  let succeeded = false;
  try {
    const result = await sendFromReader(attempt, thread, reader);
    succeeded = true;
    return result;
  } finally {
    reader.close(succeeded);
  }
}
async function sendCompressedPart(attempt, thread, spec) {
  const { upload, part, state } = attempt;
  const reader = await openCompressedPartReader(upload.source, part, spec, thread, upload.chunkSize, () => state.stopped);
  let succeeded = false;
  try {
    const result = await sendFromReader({ ...attempt, part: { ...part, length: reader.length } }, thread, reader);
    reader.record();
    state.addBytesSent(part.length - reader.length);
    succeeded = true;
    return result;
  } finally {
    reader.close(succeeded);
  }
}
async function sendFromReader(attempt, thread, reader) {
  const { upload, part, state } = attempt;
  const { partNumber, length } = part;
  const what = upload.uploadId ? `part ${partNumber}` : "object upload";
  const watch = new AttemptWatch(state, upload.stallTimeoutMs);
  let sent = 0;
  const body = await partBody(reader, {
    dialect: upload.dialect,
    length,
    checksum: upload.checksum,
    onChunk: (n) => {
      sent += n;
      state.addBytesSent(n);
      if (sent === length)
        state.addPartSent(1);
      watch.progress();
    },
    isCancelled: () => state.stopped
  });
  const request = partRequest(upload, partNumber, body.headers);
  const headers = await authorizeRequest(request, attempt.auth, thread.signers);
  watch.start();
  const session = thread.sessions.get(upload.transport);
  let answered = false;
  try {
    const response = await requestOn(session, {
      path: pathWithQuery(request),
      method: "PUT",
      headers,
      // undici sends any iterable (its types list only streams and buffers).
      body: capped(body.body, upload, state, () => watch.progress()),
      // Lets undici put this PUT on an HTTP/2 session beside others (it holds back non-idempotent
      // requests). Safe: a part PUT with the same bytes can be repeated.
      idempotent: true,
      signal: watch.signal
    });
    const text = await response.body.text();
    answered = true;
    if (response.statusCode !== 200)
      throw serviceError(what, response.statusCode, response.headers, text, { partNumber });
    const etag = header(response.headers, "etag");
    if (!etag) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered 200 without an ETag`, {
        status: 200,
        partNumber,
        retryable: true
      });
    }
    const crc = body.crc32c();
    if (upload.checksum && crc === void 0) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered 200 after ${sent} of the ${length} bytes had been sent`, {
        status: 200,
        partNumber,
        retryable: true
      });
    }
    const confirmed = crc !== void 0 && checkReportedChecksum(what, upload, partNumber, response.headers, crc);
    if (length === 0)
      state.addPartSent(1);
    state.addPartDone();
    return { partNumber, etag, length, crc32c: crc, crc32cConfirmed: confirmed, attempts: attempt.attempt };
  } catch (error) {
    state.addBytesSent(-sent);
    if (sent === length && length > 0)
      state.addPartSent(-1);
    if (state.stopped)
      throw new PartpushError("PARTPUSH_ABORTED", `${what}: cancelled`, { partNumber });
    if (!answered)
      thread.sessions.reportFailure(upload.transport, session);
    if (watch.stalled) {
      throw new PartpushError("PARTPUSH_NETWORK_ERROR", `${what}: stalled: no progress for ${upload.stallTimeoutMs / 1e3} s (${sent} of ${length} bytes sent)`, { partNumber, retryable: true, causeCode: "STALLED" });
    }
    throw toPartpushError(error, what, { partNumber });
  } finally {
    watch.end();
  }
}
function capped(body, upload, state, onTurn) {
  if (body === void 0 || upload.bandwidth === void 0)
    return body;
  return throttledBody(body, new BandwidthCap(upload.bandwidth), () => state.stopped, onTurn);
}
function partRequest(upload, partNumber, bodyHeaders) {
  return {
    method: "PUT",
    origin: upload.transport.origin,
    path: upload.path,
    query: upload.uploadId ? partQuery(upload.uploadId, partNumber) : {},
    headers: {
      // Some stores (moto) keep 0 bytes of a PUT whose content type looks like a form.
      "content-type": "application/octet-stream",
      // A single PUT creates the object: its attributes and condition travel with it.
      ...upload.uploadId ? {} : { ...upload.object?.headers, ...upload.object?.condition },
      ...bodyHeaders
    }
  };
}
function checkReportedChecksum(what, upload, partNumber, headers, crc) {
  const reported = crc32cFromHeaders(headers);
  if (reported === crc32cToBase64(crc))
    return true;
  if (reported === void 0) {
    if (upload.dialect !== "gcs" || upload.checksum === "crc32c-header" || !isGoogleCloudStorage(upload.transport.origin))
      return false;
    throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the store answered without the part's CRC32C (no x-goog-hash), so the bytes it received cannot be checked; GCS reports it on every part: if this is another store, use the s3:// dialect, or --checksum none`, { partNumber, status: 200, retryable: false });
  }
  throw new PartpushError("PARTPUSH_CHECKSUM_MISMATCH", `${what}: the store reports CRC32C ${reported} for the bytes it received, the bytes sent make ${crc32cToBase64(crc)}; the upload was stopped and aborted: check the network path (proxies) to the store, then upload again`, { partNumber, retryable: false });
}
function isGoogleCloudStorage(origin) {
  const host = new URL(origin).hostname;
  return host === "storage.googleapis.com" || host.endsWith(".storage.googleapis.com");
}

// dist/src/lane/upload-state.js
var STOP = 0;
var BYTES_SENT = 1;
var PARTS_DONE = 2;
var PARTS_SENT = 3;
var BYTES2 = 32;
var RUNNING = 0;
var REASONS = ["cancelled", "failed", "finished"];
var UploadState = class {
  buffer;
  #flags;
  #counts;
  #controller;
  constructor(buffer = new SharedArrayBuffer(BYTES2)) {
    this.buffer = buffer;
    this.#flags = new Int32Array(buffer, 0, 1);
    this.#counts = new BigInt64Array(buffer, 0, 4);
  }
  /** Stops the upload for `reason` unless it has already stopped; true when this call stopped it. */
  stop(reason) {
    const won = Atomics.compareExchange(this.#flags, STOP, RUNNING, REASONS.indexOf(reason) + 1) === RUNNING;
    if (won)
      Atomics.notify(this.#flags, STOP);
    this.#controller?.abort();
    return won;
  }
  /**
   * Main thread, once every lane has ended: lets an upload stopped by a failure it has dealt with
   * (a checksum form the store refused, to be sent again in another) go on. A cancel is never
   * undone. Signals taken from this view before are spent; `signal` gives a fresh one.
   */
  reopen() {
    const reopened = Atomics.compareExchange(this.#flags, STOP, REASONS.indexOf("failed") + 1, RUNNING) === REASONS.indexOf("failed") + 1;
    if (reopened)
      this.#controller = void 0;
    return reopened;
  }
  /** Why the upload stopped, or undefined while it runs. */
  get stopReason() {
    const value = Atomics.load(this.#flags, STOP);
    return value === RUNNING ? void 0 : REASONS[value - 1];
  }
  /** True once anything stopped the upload: lanes take no further part and end. */
  get stopped() {
    return Atomics.load(this.#flags, STOP) !== RUNNING;
  }
  /** Fires on this thread when any thread stops the upload (ends backoff waits and requests in flight). */
  get signal() {
    if (!this.#controller) {
      const controller = this.#controller = new AbortController();
      const watch = () => {
        if (this.stopped) {
          controller.abort();
          return;
        }
        const wait = Atomics.waitAsync(this.#flags, STOP, RUNNING);
        if (wait.async)
          void wait.value.then(watch);
        else
          controller.abort();
      };
      watch();
    }
    return this.#controller.signal;
  }
  /** Negative on a failed attempt: bytes it had sent will be sent again. */
  addBytesSent(bytes) {
    Atomics.add(this.#counts, BYTES_SENT, BigInt(bytes));
  }
  get bytesSent() {
    return Number(Atomics.load(this.#counts, BYTES_SENT));
  }
  addPartDone() {
    Atomics.add(this.#counts, PARTS_DONE, 1n);
  }
  get partsDone() {
    return Number(Atomics.load(this.#counts, PARTS_DONE));
  }
  /**
   * A part's last byte was handed to the network (-1: its attempt failed after that, it will be
   * sent again). Counted with the bytes, not with the store's answers, so that the progress line's
   * parts move with its bytes: answers come back in bunches, long after the bytes, from a store
   * that reads slowly behind large windows.
   */
  addPartSent(delta) {
    Atomics.add(this.#counts, PARTS_SENT, BigInt(delta));
  }
  get partsSent() {
    return Number(Atomics.load(this.#counts, PARTS_SENT));
  }
};

// dist/src/lane/with-retries.js
import { setTimeout as sleep2 } from "node:timers/promises";
async function withRetries(attempt, options) {
  const { policy, signal } = options;
  for (let n = options.firstAttempt ?? 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const failure = error instanceof PartpushError ? error : new PartpushError("PARTPUSH_WORKER_FAILED", String(error?.message ?? error));
      failure.attempts = n;
      const decision = decideRetry(failure, n, policy);
      if (!decision.retry || signal?.aborted)
        throw failure;
      options.onRetry?.({
        what: options.what ?? "request",
        partNumber: failure.partNumber,
        attempt: n,
        maxAttempts: policy.maxAttempts,
        delayMs: decision.delayMs,
        code: failure.code,
        status: failure.status,
        serviceCode: failure.serviceCode,
        causeCode: failure.causeCode,
        message: failure.message
      });
      try {
        await sleep2(decision.delayMs, void 0, { signal });
      } catch {
        throw failure;
      }
    }
  }
}

// dist/src/lane/run-lane.js
async function runLane(task, channel, thread, hooks = {}) {
  const { upload } = task;
  const board = new PartBoard(task.board);
  const state = new UploadState(upload.state);
  let partsSent = 0;
  const takenBack = [...task.takenBack];
  for (const index of takenBack)
    board.hold(index, task.lane);
  const stopListening = thread.connections.listen((event) => channel.connection(event));
  try {
    while (!state.stopped) {
      if (board.contended && partsSent > 0)
        break;
      const index = takenBack.shift() ?? board.claim(task.lane);
      if (index === void 0)
        break;
      const result = await sendWithRetries(index);
      board.finish(index, result.etag, result.crc32c, result.crc32cConfirmed);
      if (upload.reportEachPart)
        channel.partDone(index);
      partsSent++;
    }
    return {};
  } catch (error) {
    state.stop("failed");
    const failure = error instanceof PartpushError ? error : new PartpushError("PARTPUSH_WORKER_FAILED", `lane ${task.lane}: ${error?.message ?? error}`);
    return { error: toErrorRecord(failure) };
  } finally {
    stopListening();
  }
  function sendWithRetries(index) {
    const part = partRange(upload.plan, board.partNumber(index));
    let refreshed = false;
    return withRetries(async (attempt) => {
      board.setAttempts(index, attempt);
      hooks.beforeAttempt?.(part.partNumber, attempt);
      try {
        return await sendPart({ upload, part, attempt, auth: channel.auth(), state }, thread);
      } catch (error) {
        if (error instanceof PartpushError && error.status === 401 && !refreshed) {
          refreshed = true;
          error.retryable = await channel.refreshAuth();
        }
        throw error;
      }
    }, {
      policy: upload.retry,
      signal: state.signal,
      firstAttempt: board.attempts(index) + 1,
      what: `part ${part.partNumber}`,
      onRetry: (event) => channel.retrying(event)
    });
  }
}

// dist/src/checksum/file-crc32c.js
import { closeSync as closeSync2, openSync as openSync2, readSync as readSync2 } from "node:fs";
import { setImmediate as turn } from "node:timers/promises";
var CHUNK = 1024 * 1024;
var BYTES_PER_TURN = 64 * CHUNK;
var readBuffer;
async function fileCrc32c(path) {
  const fd = openSync2(path, "r");
  try {
    const buffer = readBuffer ??= Buffer.allocUnsafeSlow(CHUNK);
    let crc = 0;
    for (let position = 0, sinceTurn = 0; ; ) {
      const bytesRead = readSync2(fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0)
        return crc;
      crc = crc32c(buffer.subarray(0, bytesRead), crc);
      position += bytesRead;
      sinceTurn += bytesRead;
      if (sinceTurn >= BYTES_PER_TURN) {
        sinceTurn = 0;
        await turn();
      }
    }
  } finally {
    closeSync2(fd);
  }
}

// dist/src/threads/idle-timer.js
var IdleTimer = class {
  #active = 0;
  #timer;
  #ms;
  #onIdle;
  constructor(ms, onIdle) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }
  /** Marks one unit of work begun; returns the function that marks it done. */
  begin() {
    this.#active++;
    clearTimeout(this.#timer);
    let ended = false;
    return () => {
      if (ended)
        return;
      ended = true;
      if (--this.#active === 0 && Number.isFinite(this.#ms)) {
        this.#timer = setTimeout(this.#onIdle, this.#ms).unref();
      }
    };
  }
  cancel() {
    clearTimeout(this.#timer);
  }
};

// dist/src/threads/inline-runner.js
var InlineRunner = class {
  mode = "inline";
  capacity;
  #thread;
  /** One per would-be worker: its sessions, and how many lanes run on them now. */
  #seats;
  #idle;
  constructor(options, thread) {
    this.capacity = options.workers * options.maxStreamsPerWorker;
    this.#thread = thread;
    this.#seats = Array.from({ length: options.workers }, () => ({
      sessions: new SessionCache((event) => thread.connections.emit(event)),
      active: 0
    }));
    this.#idle = new IdleTimer(options.idleTimeoutMs, () => {
      thread.buffers.drop();
      thread.compressors.dropBuffers();
      void this.#closeSessions();
    });
  }
  async run(task, channel) {
    const done = this.#idle.begin();
    const seat = this.#seats.reduce((a, b) => b.active < a.active ? b : a);
    seat.active++;
    try {
      return await runLane(task, channel, { ...this.#thread, sessions: seat.sessions });
    } finally {
      seat.active--;
      done();
    }
  }
  /** Inline mode keeps everything on this thread, the file checksums too. */
  checksumFile(path) {
    return fileCrc32c(path);
  }
  get threadIds() {
    return [];
  }
  async close() {
    this.#idle.cancel();
    await this.#closeSessions();
  }
  async #closeSessions() {
    await Promise.all(this.#seats.map((lane) => lane.sessions.close()));
  }
};

// dist/src/threads/worker-pool-runner.js
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";

// dist/src/lane/lower-thread-priority.js
import { access, constants } from "node:fs";
function startThreadPoolFromHere() {
  access(".", constants.F_OK, () => {
  });
}

// dist/src/threads/serve-port-channel.js
function servePortChannel(port, channel) {
  const send = (message) => port.postMessage(message);
  port.on("message", (message) => {
    if (message.type === "part")
      channel.partDone(message.index);
    else if (message.type === "retry")
      channel.retrying(message.event);
    else if (message.type === "connection")
      channel.connection(message.event);
    else
      void channel.refreshAuth().then((ok) => send({ type: "refreshed", ok, auth: channel.auth() }));
  });
  const unsubscribe = channel.onAuth((auth) => send({ type: "auth", auth }));
  return () => {
    unsubscribe();
    port.close();
  };
}

// dist/src/threads/worker-pool-runner.js
var WORKER_FILE = new URL("../../workers/lane-worker.js", import.meta.url).href;
var WorkerPoolRunner = class {
  mode = "workers";
  capacity;
  #options;
  #idle;
  #pool;
  constructor(options) {
    this.#options = options;
    this.capacity = options.workers * options.maxStreamsPerWorker;
    this.#idle = new IdleTimer(options.idleTimeoutMs, () => {
      const pool = this.#pool;
      this.#pool = void 0;
      void pool?.destroy();
    });
    this.#pool = this.#createPool();
    this.#idle.begin()();
  }
  async run(task, channel) {
    const done = this.#idle.begin();
    this.#pool ??= this.#createPool();
    const { port1, port2 } = new MessageChannel();
    const stopServing = servePortChannel(port1, channel);
    try {
      return await this.#pool.run({ task, port: port2 }, { transferList: [port2] });
    } finally {
      stopServing();
      done();
    }
  }
  /** The worker's `fileCrc32c` export: piscina runs a named export of the same worker file. */
  async checksumFile(path) {
    const done = this.#idle.begin();
    this.#pool ??= this.#createPool();
    try {
      return await this.#pool.run(path, { name: "fileCrc32c" });
    } finally {
      done();
    }
  }
  /** Thread ids of the live workers (empty while the pool is shut down for idleness). */
  get threadIds() {
    return this.#pool?.threads.map((t) => t.threadId) ?? [];
  }
  async close() {
    this.#idle.cancel();
    const pool = this.#pool;
    this.#pool = void 0;
    pool?.on("error", () => void 0);
    await pool?.destroy();
  }
  #createPool() {
    if (this.#options.workerNice > 0)
      startThreadPoolFromHere();
    return new Piscina({
      filename: WORKER_FILE,
      workerData: { nice: this.#options.workerNice },
      minThreads: this.#options.workers,
      maxThreads: this.#options.workers,
      concurrentTasksPerWorker: this.#options.maxStreamsPerWorker,
      // The default parks an idle worker in Atomics.wait, which blocks its event loop: its HTTP/2
      // session would then miss PINGs and GOAWAYs between uploads.
      atomics: "disabled",
      // Idle shutdown is the runner's (whole pool, sessions included), not piscina's per thread.
      idleTimeout: Number.POSITIVE_INFINITY
    });
  }
};

// dist/src/transfer/part-scheduler.js
var PartScheduler = class {
  limits;
  #parts = 0;
  #bytes = 0;
  #queues = /* @__PURE__ */ new Map();
  /** When each upload was last served (a counter); never served counts as earliest. */
  #lastServed = /* @__PURE__ */ new WeakMap();
  #serves = 0;
  /** Per upload: whether another upload waits for a slot, and who to tell when that changes. */
  #contention = /* @__PURE__ */ new Map();
  constructor(limits) {
    this.limits = limits;
  }
  /** Calls `listener` now and whenever uploads other than `owner` start or stop waiting for a slot. */
  onContention(owner, listener) {
    const entry = { contended: this.#othersWaiting(owner), listener };
    this.#contention.set(owner, entry);
    listener(entry.contended);
    return () => this.#contention.delete(owner);
  }
  /** Waits for room for one lane sending parts of up to `bytes`; resolves to the function that gives it back. */
  acquire(owner, bytes, signal) {
    return new Promise((resolve3, reject) => {
      if (signal?.aborted) {
        reject(new PartpushError("PARTPUSH_ABORTED", "upload cancelled"));
        return;
      }
      const waiter = { bytes, grant: resolve3 };
      const onAbort = () => {
        const queue2 = this.#queues.get(owner);
        const index = queue2?.indexOf(waiter) ?? -1;
        if (index < 0)
          return;
        queue2.splice(index, 1);
        if (queue2.length === 0)
          this.#queues.delete(owner);
        this.#announceContention();
        reject(new PartpushError("PARTPUSH_ABORTED", "upload cancelled"));
      };
      waiter.grant = (release) => {
        signal?.removeEventListener("abort", onAbort);
        resolve3(release);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const queue = this.#queues.get(owner);
      if (queue)
        queue.push(waiter);
      else
        this.#queues.set(owner, [waiter]);
      this.#pump();
    });
  }
  get partsInFlight() {
    return this.#parts;
  }
  #fits(bytes) {
    if (this.#parts >= this.limits.maxPartsInFlight)
      return false;
    return this.#bytes + bytes <= this.limits.maxBytesInFlight || this.#parts === 0;
  }
  #othersWaiting(owner) {
    for (const waiting of this.#queues.keys())
      if (waiting !== owner)
        return true;
    return false;
  }
  #announceContention() {
    for (const [owner, entry] of this.#contention) {
      const contended = this.#othersWaiting(owner);
      if (contended === entry.contended)
        continue;
      entry.contended = contended;
      entry.listener(contended);
    }
  }
  #pump() {
    this.#pumpQueues();
    this.#announceContention();
  }
  #pumpQueues() {
    for (; ; ) {
      let chosen;
      for (const entry of this.#queues) {
        if (!this.#fits(entry[1][0].bytes))
          continue;
        if (!chosen || (this.#lastServed.get(entry[0]) ?? -1) < (this.#lastServed.get(chosen[0]) ?? -1))
          chosen = entry;
      }
      if (!chosen)
        return;
      const [owner, queue] = chosen;
      const waiter = queue.shift();
      if (queue.length === 0)
        this.#queues.delete(owner);
      this.#lastServed.set(owner, ++this.#serves);
      {
        this.#parts++;
        this.#bytes += waiter.bytes;
        let released = false;
        waiter.grant(() => {
          if (released)
            return;
          released = true;
          this.#parts--;
          this.#bytes -= waiter.bytes;
          this.#pump();
        });
      }
    }
  }
};

// dist/src/proxy/credential-agent.js
import { Agent } from "node:https";
import { connect as tlsConnect } from "node:tls";
import { isIP as isIP4 } from "node:net";
var CredentialAgent = class extends Agent {
  #option;
  #env;
  #proxyCa;
  constructor(option, env, proxyCa) {
    super({ keepAlive: true });
    this.#option = option;
    this.#env = env;
    this.#proxyCa = proxyCa;
  }
  createConnection(options, callback) {
    const host = options.host ?? options.hostname ?? "localhost";
    const port = Number(options.port || 443);
    const route = proxyFor(`https://${isIP4(host) === 6 ? `[${host}]` : host}:${port}`, this.#option, this.#env, this.#proxyCa);
    if (!route || !callback)
      return super.createConnection(options, callback);
    openTunnel(route, host, port).then((tunnel) => {
      callback(null, tlsConnect({ ...options, socket: tunnel, servername: isIP4(host) ? void 0 : host }));
    }, (error) => callback(error, void 0));
    return void 0;
  }
};

// dist/src/auth/aws-credential-chain.js
var REFRESH_BEFORE_EXPIRY_MS = 5 * 6e4;
function awsCredentialChain(region, env, agent) {
  let chain;
  let current;
  const fetchNew = async () => {
    chain ??= import("@aws-sdk/credential-provider-node").then(({ defaultProvider }) => {
      const provider = defaultProvider({
        profile: env.AWS_PROFILE || void 0,
        clientConfig: { requestHandler: { httpsAgent: agent } }
      });
      return () => provider();
    });
    try {
      return await (await chain)();
    } catch (error) {
      throw new PartpushError("PARTPUSH_AUTH_FAILED", `no AWS credentials (${firstLine(error.message)}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials or ~/.aws/config (SSO included), or run where a role is provided (ECS, EC2); or use --no-auth for a store that needs none`);
    }
  };
  const fresh = (identity) => identity.expiration === void 0 || identity.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS;
  return {
    async material() {
      let identity = await (current ??= fetchNew());
      if (!fresh(identity)) {
        chain = void 0;
        current = fetchNew();
        identity = await current;
      }
      return {
        kind: "sigv4",
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
        region
      };
    },
    async refresh() {
      chain = void 0;
      current = fetchNew();
      await current;
      return true;
    }
  };
}

// dist/src/auth/credential-source.js
var GCS_SCOPE = "https://www.googleapis.com/auth/devstorage.read_write";
function resolveCredentials(scheme, auth, region, env = process.env, proxy = void 0, proxyCa = void 0) {
  if (auth === "none")
    return fixed({ kind: "none" });
  if (auth !== "auto")
    return explicit(auth, region);
  if (scheme === "gs") {
    if (env.STORAGE_EMULATOR_HOST)
      return fixed({ kind: "none" });
    return googleDefault(new CredentialAgent(proxy, env, proxyCa), env);
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    return fixed({ kind: "sigv4", accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || void 0, region });
  }
  return awsCredentialChain(region, env, new CredentialAgent(proxy, env, proxyCa));
}
function explicit(auth, region) {
  if ("accessKeyId" in auth) {
    return fixed({
      kind: "sigv4",
      accessKeyId: auth.accessKeyId,
      secretAccessKey: auth.secretAccessKey,
      sessionToken: auth.sessionToken,
      region
    });
  }
  if ("token" in auth)
    return fixed({ kind: "bearer", token: auth.token });
  return { material: async () => ({ kind: "bearer", token: await auth.getAccessToken() }), refresh: async () => true };
}
function googleDefault(agent, env) {
  let googleAuth;
  const auth = () => googleAuth ??= import("google-auth-library").then((library) => {
    keepMetadataServerDirect(library.gaxios, env);
    return new library.GoogleAuth({ scopes: [GCS_SCOPE], clientOptions: { transporterOptions: { agent } } });
  });
  return {
    async refresh() {
      const client = await (await auth()).getClient();
      client.credentials = { ...client.credentials, access_token: void 0, expiry_date: 0 };
      return true;
    },
    async material() {
      let token;
      try {
        token = await (await auth()).getAccessToken();
      } catch (error) {
        throw new PartpushError("PARTPUSH_AUTH_FAILED", `no Google credentials (${firstLine(error.message)}); set GOOGLE_APPLICATION_CREDENTIALS, run "gcloud auth application-default login", set STORAGE_EMULATOR_HOST for an emulator, or pass --no-auth`);
      }
      if (!token)
        throw new PartpushError("PARTPUSH_AUTH_FAILED", "Google credentials returned no access token");
      return { kind: "bearer", token };
    }
  };
}
function keepMetadataServerDirect(gaxiosModule, env) {
  const defaults = gaxiosModule.instance.defaults;
  const hosts = ["metadata.google.internal", "metadata", "169.254.169.254", "[fd00:ec2::254]"];
  if (env.GCE_METADATA_HOST)
    hosts.push(new URL(`http://${env.GCE_METADATA_HOST}`).hostname);
  const known = new Set((defaults.noProxy ?? []).map(String));
  defaults.noProxy = [...defaults.noProxy ?? [], ...hosts.filter((host) => !known.has(host))];
}
function fixed(material) {
  return { material: async () => material, refresh: async () => false };
}

// dist/src/http/negotiate-protocol.js
import { isIP as isIP5, connect as tcpConnect } from "node:net";
import { connect as tlsConnect2 } from "node:tls";

// dist/src/http/probe-link.js
import http2 from "node:http2";
var MORE_PINGS_BELOW_MS = 30;
var SLOWER_THAN_BEFORE = 1.5;
var PROBE_TIMEOUT_MS = 1e4;
var PING_SPACING_MS = 10;
function later(work) {
  return new Promise((resolve3) => setTimeout(resolve3, PING_SPACING_MS)).then(work);
}
async function probeHttp2(origin, tls, socket, before) {
  const session = http2.connect(origin, {
    ca: tls.ca,
    rejectUnauthorized: tls.rejectUnauthorized,
    ...socket ? { createConnection: () => socket } : {}
  });
  const timer = setTimeout(() => session.destroy(), PROBE_TIMEOUT_MS);
  try {
    const ping = () => new Promise((resolve3, reject) => {
      session.ping((error, ms) => error ? reject(error) : resolve3(ms));
    });
    if (session.connecting)
      await sessionEvent(session, "connect");
    const [settings, first2] = await Promise.all([sessionEvent(session, "remoteSettings"), ping()]);
    const doubtful = first2 < MORE_PINGS_BELOW_MS || before !== void 0 && first2 > SLOWER_THAN_BEFORE * before.rttMs;
    const pinged = doubtful ? Math.min(first2, await later(ping), await later(ping)) : first2;
    const { rttMs, timedBy } = before && before.rttMs < pinged ? before : { rttMs: pinged, timedBy: "ping" };
    return { rttMs, timedBy, initialWindowSize: settings.initialWindowSize, maxConcurrentStreams: settings.maxConcurrentStreams };
  } catch {
    return before;
  } finally {
    clearTimeout(timer);
    session.close();
    session.destroy();
  }
}
function sessionEvent(session, event) {
  return new Promise((resolve3, reject) => {
    session.once(event, resolve3);
    session.once("error", reject);
    session.once("close", () => reject(new Error(`closed before its ${event}`)));
  });
}

// dist/src/proxy/probe-proxied-http.js
import { request as httpRequest2 } from "node:http";
import { request as httpsRequest2 } from "node:https";
var PROBE_TIMEOUT_MS2 = 1e4;
async function probeProxiedHttp(url, proxy) {
  const { status, statusText, said, ms } = await headThroughProxy(url, proxy);
  if (status === 407 || status >= 502 && status <= 504 || said && status >= 400) {
    throw proxyRefused(proxy, url.host, status, statusText, said);
  }
  return { rttMs: ms, timedBy: "first-answer" };
}
function headThroughProxy(url, route) {
  const proxy = proxyAddress(route);
  return new Promise((resolve3, reject) => {
    let sentAt = 0;
    const request = (proxy.tls ? httpsRequest2 : httpRequest2)({
      ...proxyDialOptions(route),
      method: "HEAD",
      path: `${url.origin}/`,
      headers: { host: url.host, ...route.authorization ? { "proxy-authorization": route.authorization } : {} },
      agent: false,
      timeout: PROBE_TIMEOUT_MS2
    });
    request.once("socket", (socket) => socket.once("connect", () => sentAt = performance.now()));
    request.once("response", (response) => {
      const ms = performance.now() - sentAt;
      response.resume();
      request.destroy();
      resolve3({ status: response.statusCode ?? 0, statusText: response.statusMessage, said: proxysOwnAnswer(response.headers), ms });
    });
    request.once("error", (error) => reject(proxyUnreachable(route, url.host, error)));
    request.once("timeout", () => {
      request.destroy();
      reject(proxyError(route, `the proxy ${route.proxy} did not answer for ${url.origin} within ${PROBE_TIMEOUT_MS2 / 1e3} s`));
    });
    request.end();
  });
}

// dist/src/http/negotiate-protocol.js
var CONNECT_TIMEOUT_MS = 1e4;
var ANSWER_TIMEOUT_MS = 3e3;
async function negotiateProtocol(origin, choice, tls, proxy) {
  const url = new URL(origin);
  if (url.protocol === "http:" && proxy)
    return throughForwardProxy(url, choice, proxy);
  if (url.protocol === "http:") {
    const { answer, ms } = await answerToPreface(url);
    if (answer === "silent" && await speaksTls(url, tls)) {
      throw unsupported(`${origin} speaks TLS, not cleartext HTTP: use https://${url.host}`);
    }
    if (answer === "h2c") {
      if (choice === "1.1")
        throw unsupported(`${origin} speaks only HTTP/2 (h2c); use --http auto or --http 2`);
      const link = probeHttp2(origin, tls, void 0, { rttMs: ms, timedBy: "first-answer" });
      return { protocol: "h2c", how: choice === "2" ? "forced" : "h2c-probe", link };
    }
    if (choice === "2") {
      throw unsupported(`${origin} does not speak cleartext HTTP/2 (h2c); use --http auto or --http 1.1, or an https:// endpoint for HTTP/2 over TLS`);
    }
    return {
      protocol: "h1",
      how: choice === "1.1" ? "forced" : "cleartext",
      link: Promise.resolve(answer === "h1" ? { rttMs: ms, timedBy: "first-answer" } : void 0)
    };
  }
  const tunnel = proxy ? await openTunnel(proxy, dialHost(url), Number(url.port || 443)) : void 0;
  const { alpn, socket, handshakeMs } = await probeAlpn(url, tls, tunnel);
  const timed = handshakeMs === void 0 ? void 0 : { rttMs: handshakeMs, timedBy: "tls-handshake" };
  if (choice !== "1.1" && alpn === "h2") {
    return { protocol: "h2", how: choice === "2" ? "forced" : "alpn", link: probeHttp2(origin, tls, socket, timed) };
  }
  socket.end();
  if (choice === "1.1")
    return { protocol: "h1", how: "forced", link: Promise.resolve(timed) };
  if (choice === "2")
    throw unsupported(`${origin} does not offer HTTP/2 (ALPN chose ${alpn || "nothing"}); use --http auto or --http 1.1`);
  return { protocol: "h1", how: "alpn", link: Promise.resolve(timed) };
}
async function throughForwardProxy(url, choice, proxy) {
  if (choice === "2") {
    throw unsupported(`${url.origin} is reached through the proxy ${proxy.proxy}, which relays cleartext HTTP/1.1 only (there is no proxied h2c); use --http auto or 1.1, an https:// endpoint (HTTP/2 inside a tunnel), or --no-proxy`);
  }
  const facts = await probeProxiedHttp(url, proxy);
  return { protocol: "h1", how: choice === "1.1" ? "forced" : "proxy", link: Promise.resolve(facts) };
}
function unsupported(message) {
  return new PartpushError("PARTPUSH_PROTOCOL_UNSUPPORTED", message, { retryable: false });
}
var NOT_TLS = /^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|RECORD_LAYER_FAILURE|UNEXPECTED_EOF_WHILE_READING)$/;
function probeAlpn(url, tls, tunnel) {
  return new Promise((resolve3, reject) => {
    let connectedAt = tunnel ? performance.now() : 0;
    const socket = tlsConnect2({
      ...tunnel ? { socket: tunnel } : { host: dialHost(url), port: Number(url.port || 443) },
      servername: isIP5(dialHost(url)) ? void 0 : url.hostname,
      ALPNProtocols: ["h2", "http/1.1"],
      ca: tls.ca,
      rejectUnauthorized: tls.rejectUnauthorized,
      timeout: CONNECT_TIMEOUT_MS
    });
    const fail = (error) => {
      socket.destroy();
      if (error.code && NOT_TLS.test(error.code)) {
        reject(unsupported(`${url.origin} answered in cleartext, not TLS: use http://${url.host}`));
      } else {
        reject(toPartpushError(error, `cannot connect to ${url.origin}`));
      }
    };
    socket.once("connect", () => {
      connectedAt = performance.now();
    });
    socket.once("secureConnect", () => {
      socket.setTimeout(0);
      socket.off("error", fail);
      socket.on("error", () => {
      });
      const handshakeMs = connectedAt > 0 && socket.getProtocol() === "TLSv1.3" ? performance.now() - connectedAt : void 0;
      resolve3({ alpn: socket.alpnProtocol || "", socket, handshakeMs });
    });
    socket.once("error", fail);
    socket.once("timeout", () => fail(Object.assign(new Error(`no TLS handshake within ${CONNECT_TIMEOUT_MS / 1e3} s`), { code: "ETIMEDOUT" })));
  });
}
function speaksTls(url, tls) {
  return probeAlpn(url, { ...tls, rejectUnauthorized: false }).then(({ socket }) => {
    socket.destroy();
    return true;
  }, () => false);
}
var H2_PREFACE = Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
var SETTINGS_FRAME = 4;
function answerToPreface(url) {
  return new Promise((resolve3, reject) => {
    const socket = tcpConnect({ host: dialHost(url), port: Number(url.port || 80), timeout: CONNECT_TIMEOUT_MS });
    let received = Buffer.alloc(0);
    let answerTimer;
    let sentAt = 0;
    let answeredAt = 0;
    const finish = (answer) => {
      clearTimeout(answerTimer);
      socket.destroy();
      resolve3({ answer, ms: answeredAt - sentAt });
    };
    socket.once("connect", () => {
      socket.setTimeout(0);
      sentAt = performance.now();
      answerTimer = setTimeout(() => finish(received.length > 0 ? "h1" : "silent"), ANSWER_TIMEOUT_MS);
      socket.write(H2_PREFACE);
    });
    socket.on("data", (data) => {
      if (received.length === 0)
        answeredAt = performance.now();
      received = Buffer.concat([received, data]);
      if (received.length >= 9)
        finish(received[3] === SETTINGS_FRAME ? "h2c" : "h1");
      else if (received.toString("latin1").startsWith("HTTP/"))
        finish("h1");
    });
    socket.once("end", () => finish(received.length > 0 ? "h1" : "silent"));
    socket.once("close", () => finish(received.length > 0 ? "h1" : "silent"));
    socket.once("error", (error) => {
      clearTimeout(answerTimer);
      socket.destroy();
      if (error.code === "ECONNRESET" && socket.bytesWritten > 0)
        resolve3({ answer: "silent", ms: 0 });
      else
        reject(toPartpushError(error, `cannot connect to ${url.origin}`));
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(toPartpushError(Object.assign(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1e3} s`), { code: "ETIMEDOUT" }), `cannot connect to ${url.origin}`));
    });
  });
}

// dist/src/uploader-caches.js
function sharedCredentials() {
  const sources = /* @__PURE__ */ new WeakMap();
  return (scheme, auth, region, processEnv, proxy, proxyCa) => {
    if (typeof auth !== "string")
      return resolveCredentials(scheme, auth, region, processEnv, proxy, proxyCa);
    let byKind = sources.get(processEnv);
    if (!byKind)
      sources.set(processEnv, byKind = /* @__PURE__ */ new Map());
    const key = [
      scheme,
      auth,
      region,
      processEnv.AWS_ACCESS_KEY_ID,
      processEnv.AWS_SESSION_TOKEN,
      processEnv.AWS_PROFILE,
      processEnv.STORAGE_EMULATOR_HOST,
      processEnv.GOOGLE_APPLICATION_CREDENTIALS,
      String(proxy),
      proxyCa
    ].join("|");
    let source = byKind.get(key);
    if (!source)
      byKind.set(key, source = resolveCredentials(scheme, auth, region, processEnv, proxy, proxyCa));
    return source;
  };
}
function sharedProtocols() {
  const protocols = /* @__PURE__ */ new Map();
  return (origin, transfer, proxy) => {
    const key = `${origin}|${transfer.http}|${transfer.insecure}|${routeKey(proxy)}`;
    let byCa = protocols.get(key);
    if (!byCa)
      protocols.set(key, byCa = /* @__PURE__ */ new Map());
    const ca = transfer.ca ?? "";
    let protocol = byCa.get(ca);
    if (!protocol) {
      protocol = negotiateProtocol(origin, transfer.http, { ca: transfer.ca, rejectUnauthorized: !transfer.insecure }, proxy);
      byCa.set(ca, protocol);
      protocol.catch(() => byCa.delete(ca));
    }
    return protocol;
  };
}

// dist/src/wire/list-objects.js
var PAGE_KEYS = "1000";
function listObjectsRequest(target, prefix, next) {
  const query = { "list-type": "2", "max-keys": PAGE_KEYS, prefix, "encoding-type": "url" };
  if (next && "token" in next)
    query["continuation-token"] = next.token;
  if (next && "startAfter" in next)
    query["start-after"] = next.startAfter;
  return { method: "GET", origin: target.origin, path: target.bucketPath, query, headers: {} };
}

// dist/src/wire/list-page-xml.js
var import_saxes = __toESM(require_saxes(), 1);
function readListPage(xml) {
  const parser = new import_saxes.SaxesParser();
  const path = [];
  const objects = [];
  const top = /* @__PURE__ */ new Map();
  let current = {};
  let textOf = "";
  const collect = (text) => {
    textOf += text;
  };
  let root;
  parser.on("opentag", (tag) => {
    path.push(localName(tag.name));
    root ??= path[0];
    textOf = "";
    if (path.length === 2 && path[1] === "Contents")
      current = {};
  });
  parser.on("text", collect);
  parser.on("cdata", collect);
  parser.on("closetag", () => {
    const name = path.at(-1);
    if (path.length === 3 && path[1] === "Contents" && (name === "Key" || name === "Size" || name === "ETag"))
      current[name] = textOf;
    else if (path.length === 2 && name === "Contents") {
      objects.push({ key: current.Key ?? "", size: Number(current.Size?.trim() ?? Number.NaN), etag: current.ETag?.trim() ?? "" });
    } else if (path.length === 2)
      top.set(name, textOf.trim());
    path.pop();
    textOf = "";
  });
  try {
    parser.write(xml).close();
  } catch {
    return void 0;
  }
  if (root !== "ListBucketResult")
    return void 0;
  const decode = top.get("EncodingType") === "url" ? decodeUrlEncoded : (text) => text;
  try {
    for (const object of objects)
      object.key = decode(object.key);
    if (top.get("IsTruncated") !== "true")
      return { objects };
    const token = top.get("NextContinuationToken");
    if (token)
      return { objects, next: { token } };
    const marker = top.get("NextMarker");
    const last = marker === void 0 ? objects.at(-1)?.key : decode(marker);
    return { objects, next: last === void 0 ? void 0 : { startAfter: last } };
  } catch {
    return void 0;
  }
}
function decodeUrlEncoded(text) {
  return decodeURIComponent(text.replaceAll("+", " "));
}
function localName(name) {
  return name.slice(name.indexOf(":") + 1);
}

// dist/src/control/object-ownership.js
import { createHash } from "node:crypto";
var RECORDED_CRC32C = "partpush-crc32c";
function ownsObject(head, dialect, parts, expected) {
  if (head.size !== void 0 && head.size !== expected.size)
    return false;
  const crcMatches = expected.objectCrc !== void 0 && head.crc32c !== void 0 && matchesStoredChecksum(head.crc32c, expected.objectCrc, parts.map((p) => ({ crc32c: p.crc32c ?? 0, length: p.length })));
  if (dialect === "gcs") {
    const wholeCrc = expected.objectCrc !== void 0 && head.crc32c === crc32cToBase64(expected.objectCrc);
    return wholeCrc && (head.componentCount === void 0 || head.componentCount === parts.length);
  }
  const etag = multipartEtag(parts);
  return etag !== void 0 && unquote(head.etag) === etag || crcMatches;
}
function multipartEtag(parts) {
  const digests = parts.map((p) => unquote(p.etag));
  if (digests.some((d) => !/^[0-9a-f]{32}$/i.test(d)))
    return void 0;
  const md5 = createHash("md5");
  for (const digest of digests)
    md5.update(Buffer.from(digest, "hex"));
  return `${md5.digest("hex")}-${parts.length}`;
}
function unquote(etag) {
  return etag.replace(/^W\//, "").replace(/^"|"$/g, "");
}
function outcomeUnknown(uploadId, head, size) {
  const found = head ? `the object now at the key (${head.size ?? "unknown"} bytes, ETag ${head.etag || "none"}) cannot be proved to be this upload's ${size} bytes` : "no object could be read at the key (not found, or HEAD refused)";
  return new PartpushError("PARTPUSH_OUTCOME_UNKNOWN", `completing the multipart upload: an earlier attempt's answer was lost, and the store no longer knows upload ${uploadId} (completed by that attempt, or aborted by someone else); ${found}. Nothing was deleted: check the object, and upload again if it is not yours`, { status: 404, serviceCode: "NoSuchUpload", retryable: false });
}

// dist/src/http/send-control.js
var CONTROL_TIMEOUT_MS = 6e4;
async function sendControl(thread, transport, request, auth, what, options = {}) {
  const headers = await authorizeRequest(request, auth, thread.signers);
  const idle = options.idleTimeoutMs ?? CONTROL_TIMEOUT_MS;
  const deadline = options.deadlineMs === void 0 ? idle : options.deadlineMs;
  try {
    const response = await requestOn(thread.sessions.get(transport), {
      path: pathWithQuery(request),
      method: request.method,
      headers,
      body: options.body,
      headersTimeout: idle,
      bodyTimeout: idle,
      signal: deadline === null ? void 0 : AbortSignal.timeout(deadline)
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  } catch (error) {
    throw toPartpushError(error, what);
  }
}

// dist/src/control/multipart-calls.js
function call(ctx, what, request, accept, options = {}) {
  return withRetries(async (attempt) => {
    const response = await sendControl(ctx.thread, ctx.transport, request(), await ctx.credentials.material(), what, options);
    return accept(response, attempt);
  }, { policy: options.retry ?? ctx.retry, signal: ctx.signal, what, onRetry: (event) => ctx.onEvent?.({ type: "retry", ...event }) });
}
function initiateUpload(ctx, checksum) {
  const what = "initiating the multipart upload";
  return call(ctx, what, () => initiateRequest(ctx.target, checksum, ctx.object?.headers), (response) => {
    if (response.status !== 200)
      throw serviceError(what, response.status, response.headers, response.body);
    const uploadId = parseInitiateXml(response.body);
    if (!uploadId) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the answer had no UploadId (${response.body.slice(0, 200)})`, {
        status: 200,
        retryable: true
      });
    }
    return uploadId;
  });
}
var COMPLETE_IDLE_TIMEOUT_MS = 10 * 6e4;
function completeUpload(ctx, uploadId, parts, checksum, expected) {
  const what = "completing the multipart upload";
  const xml = buildCompleteXml(parts.map((p) => ({
    partNumber: p.partNumber,
    etag: p.etag,
    checksumCrc32c: checksum && ctx.target.dialect === "s3" && p.crc32c !== void 0 ? crc32cToBase64(p.crc32c) : void 0
  })));
  const objectCrc = expected.fullObject && expected.objectCrc !== void 0 ? crc32cToBase64(expected.objectCrc) : void 0;
  return call(ctx, what, () => completeRequest(ctx.target, uploadId, xml, ctx.object?.condition, objectCrc), async (response, attempt) => {
    const error = parseErrorXml(response.body);
    if (attempt > 1 && response.status === 404 && error?.code === "NoSuchUpload") {
      const object = await headObject(ctx);
      if (object && ownsObject(object, ctx.target.dialect, parts, expected))
        return { etag: object.etag, crc32c: object.crc32c };
      throw outcomeUnknown(uploadId, object, expected.size);
    }
    if (response.status !== 200 || error)
      throw serviceError(what, response.status, response.headers, response.body);
    const completed = parseCompleteXml(response.body);
    if (!completed) {
      throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the answer was not a CompleteMultipartUploadResult (${response.body.slice(0, 200)})`, { status: 200, retryable: true });
    }
    return { etag: completed.etag ?? "", crc32c: completed.checksumCrc32c ?? header(response.headers, "x-amz-checksum-crc32c") };
  }, { body: xml, idleTimeoutMs: COMPLETE_IDLE_TIMEOUT_MS, deadlineMs: null });
}
var ABORT_TIMEOUT_MS = 15e3;
var ABORT_RETRY = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 1e3, maxRetryAfterMs: 2e3 };
var ABORT_ROUNDS = 3;
async function abortUpload(ctx, uploadId) {
  const what = "aborting the multipart upload";
  const patient = { ...ctx, signal: void 0, retry: ABORT_RETRY };
  let left = [];
  for (let round = 1; round <= ABORT_ROUNDS; round++) {
    await call(patient, what, () => abortRequest(ctx.target, uploadId), (response) => {
      if (response.status !== 204 && response.status !== 200 && response.status !== 404) {
        throw serviceError(what, response.status, response.headers, response.body);
      }
    }, { idleTimeoutMs: ABORT_TIMEOUT_MS });
    try {
      left = await listParts(patient, uploadId, ABORT_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof PartpushError && (error.serviceCode === "NoSuchUpload" || error.status === 404))
        return;
      throw error;
    }
    if (left.length === 0)
      return;
  }
  throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: after ${ABORT_ROUNDS} aborts the store still lists ${left.length} part(s) of upload ${uploadId}; abort it again later (its parts are billed until then)`, { retryable: false });
}
async function listParts(ctx, uploadId, idleTimeoutMs) {
  const what = "listing the uploaded parts";
  const parts = [];
  let marker;
  for (; ; ) {
    const page = await call(ctx, what, () => listPartsRequest(ctx.target, uploadId, marker), (response) => {
      if (response.status !== 200)
        throw serviceError(what, response.status, response.headers, response.body);
      return parseListPartsXml(response.body);
    }, { idleTimeoutMs });
    parts.push(...page.parts);
    if (!page.truncated || !page.nextMarker)
      return parts;
    marker = page.nextMarker;
  }
}
function headObject(ctx) {
  const what = "reading the stored object's size and checksum";
  return call(ctx, what, () => headObjectRequest(ctx.target), (response) => {
    if (response.status === 404 || response.status === 403)
      return void 0;
    if (response.status !== 200)
      throw serviceError(what, response.status, response.headers, response.body);
    const length = header(response.headers, "content-length");
    const components = header(response.headers, "x-goog-component-count");
    return {
      size: length !== void 0 && /^\d+$/.test(length) ? Number(length) : void 0,
      etag: header(response.headers, "etag") ?? "",
      crc32c: crc32cFromHeaders(response.headers),
      generation: header(response.headers, "x-goog-generation"),
      componentCount: components !== void 0 && /^\d+$/.test(components) ? Number(components) : void 0,
      checksumType: header(response.headers, "x-amz-checksum-type"),
      recordedCrc32c: header(response.headers, `x-${ctx.target.dialect === "s3" ? "amz" : "goog"}-meta-${RECORDED_CRC32C}`)
    };
  });
}

// dist/src/control/list-objects.js
async function* listObjects(ctx, prefix) {
  const what = `listing the objects under "${prefix}"`;
  let next;
  do {
    const page = await call(ctx, what, () => listObjectsRequest(ctx.target, prefix, next), (response) => {
      if (response.status !== 200)
        throw serviceError(what, response.status, response.headers, response.body);
      const parsed = readListPage(response.body);
      if (!parsed) {
        throw new PartpushError("PARTPUSH_SERVICE_ERROR", `${what}: the answer was not a ListBucketResult (${response.body.slice(0, 200)})`, {
          status: 200,
          retryable: true
        });
      }
      return parsed;
    });
    yield page.objects;
    next = page.next;
  } while (next);
}

// dist/src/http/ca-from-environment.js
import { readFileSync } from "node:fs";
var bundles = /* @__PURE__ */ new Map();
function caFromEnvironment(dialect, env) {
  const path = env.AWS_CA_BUNDLE;
  if (dialect !== "s3" || !path)
    return void 0;
  const known = bundles.get(path);
  if (known !== void 0)
    return known;
  try {
    const pem = readFileSync(path, "utf8");
    bundles.set(path, pem);
    return pem;
  } catch (error) {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", `AWS_CA_BUNDLE ${path}: ${error.message}; point it at a PEM file, or unset it`, { option: "ca" });
  }
}

// dist/src/target/destination.js
function parseDestination(text, prefix = false) {
  const match = /^([a-zA-Z0-9]+):\/\/([^/]*)\/(.*)$/s.exec(text);
  const usage = "expected gs://BUCKET/KEY or s3://BUCKET/KEY";
  if (!match) {
    throw new PartpushError("PARTPUSH_INVALID_DESTINATION", `destination "${text}": ${usage}`);
  }
  const [, rawScheme, bucket, key] = match;
  const scheme = rawScheme.toLowerCase();
  if (scheme !== "gs" && scheme !== "s3") {
    throw new PartpushError("PARTPUSH_INVALID_DESTINATION", `destination "${text}": unknown scheme "${rawScheme}://"; ${usage}`);
  }
  const problem = bucketNameProblem(bucket);
  if (problem) {
    throw new PartpushError("PARTPUSH_INVALID_DESTINATION", `destination "${text}": the bucket name "${bucket}" ${problem}`);
  }
  if (key.length === 0 && !prefix) {
    throw new PartpushError("PARTPUSH_INVALID_DESTINATION", `destination "${text}": the object key is empty; ${usage}`);
  }
  if (Buffer.byteLength(key) > 1024) {
    throw new PartpushError("PARTPUSH_INVALID_DESTINATION", `destination "${text}": the object key is ${Buffer.byteLength(key)} bytes of UTF-8; GCS and S3 allow 1024`);
  }
  return { scheme, bucket, key };
}
function formatDestination(destination) {
  return `${destination.scheme}://${destination.bucket}/${destination.key}`;
}

// dist/src/target/resolve-target.js
var GCS_ENDPOINT = "https://storage.googleapis.com";
function resolveTarget(destination, options = {}) {
  const env = options.env ?? process.env;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  const encodedKey = encodeObjectKey(destination.key);
  const bucket = encodeURIComponent(destination.bucket);
  if (destination.scheme === "gs") {
    const emulatorHost = env.STORAGE_EMULATOR_HOST;
    const endpoint = options.endpoint ?? (emulatorHost ? withScheme(emulatorHost) : GCS_ENDPOINT);
    const { origin, basePath } = parseEndpoint(endpoint);
    return pathStyle("gcs", origin, basePath, bucket, encodedKey, region);
  }
  const custom = options.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (custom) {
    const { origin, basePath } = parseEndpoint(custom);
    return pathStyle("s3", origin, basePath, bucket, encodedKey, region);
  }
  const awsHost = `s3.${region}.amazonaws.com`;
  if (destination.bucket.includes(".")) {
    return pathStyle("s3", `https://${awsHost}`, "", bucket, encodedKey, region);
  }
  return {
    dialect: "s3",
    origin: `https://${destination.bucket}.${awsHost}`,
    objectPath: `/${encodedKey}`,
    bucketPath: "/",
    region
  };
}
function encodeObjectKey(key) {
  return key.split("/").map(encodeRfc3986).join("/");
}
function encodeRfc3986(segment) {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function pathStyle(dialect, origin, basePath, bucket, encodedKey, region) {
  return { dialect, origin, objectPath: `${basePath}/${bucket}/${encodedKey}`, bucketPath: `${basePath}/${bucket}`, region };
}
function withScheme(host) {
  return /^[a-z]+:\/\//i.test(host) ? host : `http://${host}`;
}
function parseEndpoint(given) {
  const endpoint = redactUrlCredentials(given);
  let url;
  try {
    url = new URL(given);
  } catch {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", `endpoint "${endpoint}" is not a URL; expected e.g. https://storage.example.com or http://127.0.0.1:9000`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", `endpoint "${endpoint}" must start with http:// or https://`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", `endpoint "${endpoint}" must not carry a query, fragment or credentials`);
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}

// dist/src/object-upload/open-control.js
var CONTROL_REQUESTS_IN_FLIGHT = 8;
async function openControl(env, destinationText, options, prefix) {
  const destination = parseDestination(destinationText, prefix);
  const target = resolveTarget(destination, { endpoint: options.endpoint, region: options.region, env: options.env });
  const credentials = env.credentials(destination.scheme, options.auth, target.region, options.env, options.proxy, options.proxyCa);
  const ca = options.ca ?? caFromEnvironment(target.dialect, options.env);
  const proxy = proxyFor(target.origin, options.proxy, options.env, options.proxyCa);
  const negotiated = await env.negotiate(target.origin, { ...options, ca }, proxy);
  const store = {
    thread: env.thread,
    transport: {
      origin: target.origin,
      protocol: negotiated.protocol,
      inFlight: CONTROL_REQUESTS_IN_FLIGHT,
      connections: 1,
      tls: { ca, rejectUnauthorized: !options.insecure },
      proxy
    },
    target,
    credentials,
    retry: options.retry,
    onEvent: options.onEvent,
    signal: options.signal
  };
  return { store, destination };
}

// dist/src/store-reads.js
function storeReads(env, resolve3) {
  return {
    async *list(prefix, overrides = {}) {
      const { store, destination } = await openControl(env, prefix, resolve3(overrides), true);
      for await (const page of listObjects(store, destination.key)) {
        yield page.map((o) => ({ ...o, destination: `${destination.scheme}://${destination.bucket}/${o.key}` }));
      }
    },
    async stat(destinationText, overrides = {}) {
      const { store } = await openControl(env, destinationText, resolve3(overrides), false);
      const head = await headObject(store);
      if (!head)
        return void 0;
      const composite = head.checksumType?.toUpperCase() === "COMPOSITE" || head.crc32c?.includes("-") === true;
      return {
        size: head.size,
        etag: head.etag,
        crc32c: composite ? void 0 : head.crc32c,
        recordedCrc32c: head.recordedCrc32c
      };
    }
  };
}

// dist/src/compress/compressed-object.js
var UNCOMPRESSED_SIZE_METADATA = "partpush-uncompressed-size";
var COMPRESSION_METADATA = "partpush-compression";
function compressedObjectAttributes(attributes, level, uncompressedSize) {
  return {
    ...attributes,
    contentType: attributes.contentType ?? "application/zstd",
    metadata: {
      ...attributes.metadata,
      [COMPRESSION_METADATA]: `zstd-seekable;level=${level}`,
      ...uncompressedSize === void 0 ? {} : { [UNCOMPRESSED_SIZE_METADATA]: String(uncompressedSize) }
    }
  };
}

// dist/src/compress/plan-compressed-parts.js
function planCompressedParts(size, requestedPartSize, compression) {
  const { frameSize } = compression;
  const plain = planParts(size, requestedPartSize);
  let partSize = Math.ceil(plain.partSize / frameSize) * frameSize;
  if (Math.ceil(size / partSize) > MAX_PARTS - 1) {
    if (requestedPartSize !== void 0) {
      throw new PartpushError("PARTPUSH_INVALID_OPTION", `part size ${exactSize(partSize)} would split ${exactSize(size)} into more than ${MAX_PARTS - 1} compressed parts (one part is kept for the seek table); use a larger --part-size, or leave it out`, { option: "partSize" });
    }
    partSize = Math.ceil(size / (MAX_PARTS - 1) / frameSize) * frameSize;
  }
  const partCount = Math.max(1, Math.ceil(size / partSize));
  return { size, partSize, partCount, singleRequest: partCount === 1 };
}
function framedStreamPartSize(partSize, compression) {
  return compression ? Math.ceil(partSize / compression.frameSize) * compression.frameSize : partSize;
}

// dist/src/source/byte-reader.js
import { read } from "node:fs";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
function isByteReader(input) {
  return typeof input === "object" && input !== null && typeof input.readInto === "function";
}
var READER_FILE = new URL("../../workers/descriptor-reader.js", import.meta.url);
var readAsync = promisify(read);
function fileDescriptorReader(fd) {
  let thread;
  const onThread = (target) => {
    thread ??= new Worker(READER_FILE, { workerData: { fd } });
    const worker = thread;
    return new Promise((resolve3, reject) => {
      const onExit = (code) => fail(new Error(`the reader thread of descriptor ${fd} exited (${code})`));
      const fail = (error) => {
        worker.off("exit", onExit).off("error", fail);
        reject(error);
      };
      worker.once("exit", onExit).once("error", fail);
      worker.once("message", (result) => {
        worker.off("exit", onExit).off("error", fail);
        if (result.error)
          reject(Object.assign(new Error(result.error.message), { code: result.error.code }));
        else
          resolve3(result.bytes);
      });
      worker.postMessage({
        buffer: target.buffer,
        start: target.byteOffset,
        length: target.length
      });
    });
  };
  return {
    async readInto(target) {
      if (target.buffer instanceof SharedArrayBuffer && target.length > 1)
        return onThread(target);
      return (await readAsync(fd, target, 0, target.length, null)).bytesRead;
    },
    close() {
      void thread?.terminate();
      thread = void 0;
    }
  };
}

// dist/src/source/resolve-source.js
import { open, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
async function resolveSource(input) {
  if (typeof input === "string" || input instanceof URL)
    return resolveFile(input instanceof URL ? fileURLToPath(input) : input);
  if (input instanceof SharedArrayBuffer)
    return { kind: "shared", buffer: input, byteOffset: 0, size: input.byteLength };
  if (ArrayBuffer.isView(input)) {
    if (input.buffer instanceof SharedArrayBuffer) {
      return { kind: "shared", buffer: input.buffer, byteOffset: input.byteOffset, size: input.byteLength };
    }
    const shared = new SharedArrayBuffer(input.byteLength);
    new Uint8Array(shared).set(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    return { kind: "shared", buffer: shared, byteOffset: 0, size: input.byteLength };
  }
  throw new PartpushError("PARTPUSH_INVALID_OPTION", "source must be a file path, a file URL, a SharedArrayBuffer, a Buffer/Uint8Array, or a stream (Readable, AsyncIterable<Uint8Array>, ReadableStream)");
}
async function resolveFile(path) {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (info.isDirectory()) {
    throw new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `${path} is a directory; give the path of a file to upload`);
  }
  if (!info.isFile()) {
    throw new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `${path} is not a regular file (a pipe, socket or device has no size to plan parts from)`);
  }
  try {
    await (await open(path, "r")).close();
  } catch (error) {
    throw unreadable(path, error);
  }
  return { kind: "file", path, ...identityOf(info) };
}
function unreadable(path, error) {
  const code = error.code;
  const reason = code === "ENOENT" ? "no such file" : code === "EACCES" || code === "EPERM" ? "permission denied" : error.message;
  return new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `cannot read ${path}: ${reason}`, { causeCode: code });
}

// dist/src/source/stream-input.js
function isStreamInput(input) {
  if (typeof input !== "object" || input === null || ArrayBuffer.isView(input))
    return false;
  return Symbol.asyncIterator in input || typeof input.getReader === "function";
}
function chunkReader(input) {
  const chunks = chunksOf(input)[Symbol.asyncIterator]();
  let rest;
  return {
    async readInto(target) {
      while (!rest || rest.length === 0) {
        const next = await chunks.next();
        if (next.done)
          return 0;
        rest = next.value;
      }
      const n = Math.min(rest.length, target.length);
      target.set(n === rest.length ? rest : rest.subarray(0, n));
      rest = rest.subarray(n);
      return n;
    },
    async close() {
      await chunks.return?.(void 0);
    }
  };
}
async function* chunksOf(input) {
  const iterable = Symbol.asyncIterator in input ? input : webChunks(input);
  for await (const chunk of iterable) {
    if (!(chunk instanceof Uint8Array)) {
      throw new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `the stream gave a ${typeof chunk === "string" ? "string" : typeof chunk} chunk, not bytes; read it without an encoding (no setEncoding, no objectMode)`);
    }
    yield chunk;
  }
}
async function* webChunks(stream) {
  const reader = stream.getReader();
  try {
    for (; ; ) {
      const { done, value } = await reader.read();
      if (done)
        return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

// dist/src/checksum/choose-placement.js
function choosePlacement(asked, to) {
  if (asked !== "crc32c")
    return asked;
  if (to.dialect === "gcs")
    return to.singleRequest ? "crc32c-header" : "crc32c";
  return to.signed && to.origin.startsWith("http:") ? "crc32c-header" : "crc32c";
}

// dist/src/target/object-headers.js
function objectWrite(dialect, attributes) {
  return { headers: objectHeaders(dialect, attributes), condition: conditionHeaders(dialect, attributes.ifNotExists) };
}
function objectHeaders(dialect, attributes) {
  const prefix = dialect === "s3" ? "x-amz-" : "x-goog-";
  const headers = { "content-type": attributes.contentType };
  if (attributes.cacheControl !== void 0)
    headers["cache-control"] = attributes.cacheControl;
  if (attributes.storageClass !== void 0)
    headers[`${prefix}storage-class`] = attributes.storageClass;
  for (const [name, value] of Object.entries(attributes.metadata ?? {}))
    headers[`${prefix}meta-${name.toLowerCase()}`] = value;
  return headers;
}
function conditionHeaders(dialect, ifNotExists) {
  if (!ifNotExists)
    return {};
  return dialect === "s3" ? { "if-none-match": "*" } : { "x-goog-if-generation-match": "0" };
}

// dist/src/object-upload/checksum-learner.js
var ChecksumLearner = class {
  placement;
  completePartChecksums;
  /** A whole-object CRC32C is declared at the create and sent with the Complete (S3 only). */
  fullObject;
  #learnedSomething = false;
  #ctx;
  constructor(placement, ctx) {
    this.#ctx = ctx;
    this.placement = placement;
    this.completePartChecksums = ctx.learned?.completePartChecksums ?? true;
    this.fullObject = ctx.dialect === "s3" && (ctx.learned?.fullObject ?? true);
  }
  /** Initiates, declaring the CRC32C (and the whole object's) where one is sent. */
  async initiate(store) {
    if (this.placement === void 0)
      return initiateUpload(store, "none");
    if (this.fullObject) {
      try {
        return await initiateUpload(store, "full-object");
      } catch (error) {
        if (!(error instanceof PartpushError) || !refusesChecksumForm(error, "crc32c-header"))
          throw error;
        this.#tell("full-object", this.placement, error);
        this.fullObject = false;
        this.#learnedSomething = true;
      }
    }
    try {
      return await initiateUpload(store, "parts");
    } catch (error) {
      if (!(error instanceof PartpushError) || !refusesChecksumForm(error, "crc32c-header"))
        throw error;
      this.#weaken(error, void 0);
      return initiateUpload(store, "none");
    }
  }
  /** After parts failed with `error`: weakens the form if that is what the store refused, else rethrows. */
  afterPartsFailed(error) {
    if (!(error instanceof PartpushError) || !refusesChecksumForm(error, this.placement))
      throw error;
    this.#weaken(error, weakerPlacement(this.placement));
  }
  /**
   * Completes with the ETags in order, the parts' CRC32Cs where the store takes them, and the whole
   * object's CRC32C (`objectCrc`) where it was declared.
   */
  async complete(store, uploadId, parts, size, objectCrc) {
    const listed = this.placement !== void 0 && this.completePartChecksums;
    const expected = { size, objectCrc, fullObject: this.fullObject && this.placement !== void 0 };
    try {
      return await completeUpload(store, uploadId, parts, listed, expected);
    } catch (error) {
      if (!listed || !(error instanceof PartpushError) || error.status !== 400 || error.serviceCode !== "MalformedXML")
        throw error;
      if (!this.#ctx.auto) {
        error.message += "; this store refuses the parts' CRC32Cs in the Complete request: use --checksum auto (the default), which leaves them out there";
        throw error;
      }
      this.completePartChecksums = false;
      this.#learnedSomething = true;
      return completeUpload(store, uploadId, parts, false, expected);
    }
  }
  /** What the Uploader should remember of this origin, if anything new was learned. */
  lesson(startedFrom) {
    if (!this.#ctx.auto || this.#ctx.learned && !this.#learnedSomething)
      return void 0;
    return {
      placement: this.#learnedSomething ? this.placement : startedFrom,
      completePartChecksums: this.completePartChecksums,
      fullObject: this.fullObject
    };
  }
  #weaken(refusal, to) {
    if (!this.#ctx.auto)
      throw withFormHint(refusal, this.placement);
    this.#tell(this.placement ?? "none", to ?? "none", refusal);
    this.placement = to;
    if (to === void 0)
      this.fullObject = false;
    this.#learnedSomething = true;
  }
  #tell(from, to, refusal) {
    this.#ctx.onEvent?.({ type: "fallback", from, to, reason: refusal.message });
  }
};
function withFormHint(error, placement) {
  error.message += placement === "crc32c" ? "; this store refuses CRC32C trailers (aws-chunked bodies): use --checksum auto (the default), which falls back to the form it takes, or --checksum crc32c-header" : "; this store refuses CRC32C headers: use --checksum auto (the default), which falls back to the form it takes, or --checksum none";
  return error;
}

// dist/src/object-upload/upload-context.js
var CONTROL_REQUESTS_IN_FLIGHT2 = 8;
async function openUpload(env, destinationText, options, source) {
  const started = performance.now();
  const destination = parseDestination(destinationText);
  const target = resolveTarget(destination, { endpoint: options.endpoint, region: options.region, env: options.env });
  const attributes = checkObjectAttributes(options.object, target.dialect);
  const credentials = env.credentials(destination.scheme, options.auth, target.region, options.env, options.proxy, options.proxyCa);
  const firstAuth = await credentials.material();
  const ca = options.ca ?? caFromEnvironment(target.dialect, options.env);
  const tls = { ca, rejectUnauthorized: !options.insecure };
  const proxy = proxyFor(target.origin, options.proxy, options.env, options.proxyCa);
  if (!source.singleRequest)
    env.thread.sessions.predial(target.origin, tls, options.http !== "1.1", proxy);
  const negotiated = await env.negotiate(target.origin, { ...options, ca }, proxy);
  const state = new UploadState();
  const onAbort = () => state.stop("cancelled");
  if (options.signal?.aborted)
    onAbort();
  options.signal?.addEventListener("abort", onAbort);
  const control = {
    origin: target.origin,
    protocol: negotiated.protocol,
    inFlight: CONTROL_REQUESTS_IN_FLIGHT2,
    connections: 1,
    tls,
    proxy
  };
  const store = {
    thread: env.thread,
    transport: control,
    target,
    credentials,
    retry: options.retry,
    onEvent: options.onEvent,
    object: objectWrite(target.dialect, { ...attributes, contentType: contentTypeFor(attributes.contentType, source.fileName) }),
    get signal() {
      return state.signal;
    }
  };
  const { asked, checksumFor } = checksumChoice(env, options, target, firstAuth.kind === "sigv4");
  return {
    env,
    options,
    started,
    destinationText,
    destination: formatDestination(destination),
    target,
    attributes,
    credentials,
    negotiated,
    tls,
    proxy,
    state,
    store,
    asked,
    checksumFor,
    close: () => {
      state.stop("finished");
      options.signal?.removeEventListener("abort", onAbort);
    }
  };
}
function checksumChoice(env, options, target, signed) {
  const auto = options.checksum === "auto";
  const learned = env.learnedChecksums.get(target.origin);
  const asked = options.checksum === "auto" ? learned ? learned.placement : "crc32c" : options.checksum;
  const checksumFor = (plan) => new ChecksumLearner(choosePlacement(asked, { dialect: target.dialect, origin: target.origin, signed, singleRequest: plan.singleRequest }), {
    auto,
    dialect: target.dialect,
    learned,
    onEvent: options.onEvent
  });
  return { asked, checksumFor };
}

// dist/src/resume/journal-lock.js
import { mkdirSync, readFileSync as readFileSync2, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
function lockJournal(journalPath) {
  const lockPath = `${journalPath}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let tries = 0; ; tries++) {
    try {
      writeFileSync(lockPath, `${process.pid}
`, { flag: "wx" });
      let released = false;
      return () => {
        if (released)
          return;
        released = true;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if (error.code !== "EEXIST" || tries > 0)
        throw lockFailed(lockPath, error);
    }
    const holder = Number(readFileSync2(lockPath, "utf8").trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new PartpushError("PARTPUSH_JOURNAL_IN_USE", `the resume journal ${journalPath} is in use by process ${holder} (another run of this upload); let that run finish, or stop it and run this again`);
    }
    rmSync(lockPath, { force: true });
  }
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
function lockFailed(lockPath, error) {
  return new PartpushError("PARTPUSH_JOURNAL_IN_USE", `cannot take the resume journal's lock ${lockPath}: ${error.message}`);
}

// dist/src/resume/resume-journal.js
import { createHash as createHash2 } from "node:crypto";
import { appendFileSync, mkdirSync as mkdirSync2, readFileSync as readFileSync3, rmSync as rmSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { homedir } from "node:os";
import { dirname as dirname2, join, resolve } from "node:path";
var LEGACY_PLACEMENTS = { "while-sending": "crc32c", header: "crc32c-header" };
var ResumeJournal = class _ResumeJournal {
  path;
  header;
  parts;
  constructor(path, header2, parts) {
    this.path = path;
    this.header = header2;
    this.parts = parts;
  }
  /** `~/.local/state/partpush/<hash>.journal`: survives a reboot, unlike /tmp. */
  static defaultPath(sourcePath, destination, origin, env) {
    const state = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
    const id = createHash2("sha256").update(`${resolve(sourcePath)}
${destination}
${origin}`).digest("hex").slice(0, 20);
    return join(state, "partpush", `${id}.journal`);
  }
  /** The journal at `path`, or undefined if there is none. */
  static read(path) {
    let text;
    try {
      text = readFileSync3(path, "utf8");
    } catch (error) {
      if (error.code === "ENOENT")
        return void 0;
      throw new PartpushError("PARTPUSH_INVALID_OPTION", `cannot read the resume journal ${path}: ${error.message}`);
    }
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    try {
      const header2 = JSON.parse(lines[0] ?? "");
      if (header2.version !== 1 || typeof header2.uploadId !== "string")
        throw new Error("unknown format");
      header2.checksumPlacement = LEGACY_PLACEMENTS[header2.checksumPlacement] ?? header2.checksumPlacement;
      const parts = /* @__PURE__ */ new Map();
      for (const line of lines.slice(1)) {
        try {
          const part = JSON.parse(line);
          parts.set(part.partNumber, part);
        } catch {
        }
      }
      return new _ResumeJournal(path, header2, parts);
    } catch (error) {
      throw new PartpushError("PARTPUSH_INVALID_OPTION", `${path} is not a partpush resume journal (${error.message}); delete it or name another with --resume FILE`);
    }
  }
  static create(path, header2) {
    mkdirSync2(dirname2(path), { recursive: true });
    writeFileSync2(path, `${JSON.stringify(header2)}
`);
    return new _ResumeJournal(path, header2, /* @__PURE__ */ new Map());
  }
  /** Records a checksum form that changed under 'auto': the header is rewritten, the parts kept. */
  setChecksumPlacement(placement) {
    Object.assign(this.header, checksumFields(placement));
    writeFileSync2(this.path, [this.header, ...this.parts.values()].map((line) => `${JSON.stringify(line)}
`).join(""));
  }
  record(part) {
    this.parts.set(part.partNumber, part);
    appendFileSync(this.path, `${JSON.stringify(part)}
`);
  }
  remove() {
    rmSync2(this.path, { force: true });
  }
};
function checksumFields(placement) {
  return { checksum: placement !== void 0, checksumPlacement: placement };
}

// dist/src/resume/resume-upload.js
async function findResumePoint(journalPath, source, destination, plan, checksum, store, keepStaleUpload = false) {
  if (source.kind !== "file") {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", "resume needs a file source: shared memory has no identity that survives the process");
  }
  const header2 = {
    version: 1,
    path: source.path,
    size: source.size,
    mtimeMs: source.mtimeMs,
    ctimeMs: source.ctimeMs,
    ino: source.ino,
    destination,
    origin: store.target.origin,
    partSize: plan.partSize,
    ...checksumFields(checksum.placement)
  };
  const release = lockJournal(journalPath);
  try {
    const journal = ResumeJournal.read(journalPath);
    const fresh = {
      done: [],
      start(uploadId, placement, fullObject) {
        this.journal = ResumeJournal.create(journalPath, { ...header2, ...checksumFields(placement), fullObject, uploadId });
      },
      release
    };
    if (!journal)
      return fresh;
    try {
      checkSameUpload(journal.header, checksum.auto ? { ...header2, checksum: journal.header.checksum } : header2, source, journalPath);
    } catch (error) {
      if (error instanceof PartpushError && error.code === "PARTPUSH_SOURCE_CHANGED")
        throw await dropStaleUpload(error, journal, store, keepStaleUpload);
      throw error;
    }
    let listed;
    try {
      listed = await listParts(store, journal.header.uploadId);
    } catch (error) {
      if (error instanceof PartpushError && error.serviceCode === "NoSuchUpload")
        return fresh;
      throw error;
    }
    const onServer = new Map(listed.map((p) => [p.partNumber, p]));
    const done = [...journal.parts.values()].filter((part) => {
      const stored = onServer.get(part.partNumber);
      return stored !== void 0 && sameEtag(stored.etag, part.etag) && stored.size === part.length;
    });
    return { journal, uploadId: journal.header.uploadId, done, start() {
    }, release };
  } catch (error) {
    release();
    throw error;
  }
}
async function dropStaleUpload(error, journal, store, keep) {
  const { uploadId, destination } = journal.header;
  if (keep) {
    journal.remove();
    error.message += `: its multipart upload ${uploadId} of ${destination} was kept open, as asked, and the journal ${journal.path} removed; abort that upload when you are done with it (its parts are billed until then), and run the command again to upload the file from the start`;
    return error;
  }
  const abortError = await abortUpload(store, uploadId).then(() => void 0, (failure) => failure);
  journal.remove();
  error.message += abortError === void 0 ? `: its multipart upload ${uploadId} was aborted and the journal ${journal.path} removed; run the command again to upload it from the start` : `; its multipart upload ${uploadId} could not be aborted (${abortError.message}): abort it, then run the command again (the journal ${journal.path} was removed)`;
  return error;
}
function checkSameUpload(recorded, now, source, journalPath) {
  const mismatch = ["path", "destination", "origin", "partSize", "checksum"].find((field) => recorded[field] !== now[field]);
  if (mismatch) {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", `the resume journal ${journalPath} was written for ${mismatch} ${JSON.stringify(recorded[mismatch])}, not ${JSON.stringify(now[mismatch])}; run with the same options, or delete the journal to start over`);
  }
  const change = identityChange({ ...source, ...recorded, ctimeMs: recorded.ctimeMs ?? source.ctimeMs, ino: recorded.ino ?? source.ino }, source);
  if (change) {
    throw new PartpushError("PARTPUSH_SOURCE_CHANGED", `${source.path} changed since the interrupted upload (${change}); it cannot be resumed`);
  }
}
function resumeJournalPath(resume, source, destination, origin, env) {
  if (typeof resume === "string")
    return resume;
  return ResumeJournal.defaultPath(source.kind === "file" ? source.path : "", destination, origin, env);
}
function canContinueLater(error) {
  if (!(error instanceof PartpushError))
    return false;
  return error.code === "PARTPUSH_NETWORK_ERROR" || error.code === "PARTPUSH_ABORTED" || error.code === "PARTPUSH_WORKER_FAILED" || error.code === "PARTPUSH_SERVICE_ERROR" && error.retryable === true;
}
function keptForResumeSuffix(journalPath) {
  return `; the parts sent so far are kept: run the same command again (with the same --resume) to continue from ${journalPath}`;
}
function keptForResume(error, journalPath) {
  error.message += keptForResumeSuffix(journalPath);
  return error;
}

// dist/src/transfer/lane-controller.js
var MIN_SHARE_OF_A_LANE = 0.5;
var PARTS_PER_LANE_TO_GROW = 2;
function decideLanes(trace, limits) {
  const current = trace.at(-1)?.lanes ?? 1;
  if (current > limits.max)
    return { lanes: limits.max, settled: true, why: `${limits.max} lanes at most` };
  const levels = judgedLevels(trace);
  const first2 = levels[0];
  if (!first2)
    return { lanes: current, settled: false, why: `measuring ${current} lanes` };
  let best = first2;
  let going = "up";
  for (const level of levels.slice(1)) {
    const better = going === "up" ? level.lanes > best.lanes && gained(best, level) : level.lanes < best.lanes && held(best, level);
    if (better) {
      best = level;
      continue;
    }
    const against = `${level.lanes} lanes moved ${rate(level)} against ${rate(best)} on ${best.lanes}`;
    if (going === "up" && best === first2 && level.lanes > best.lanes) {
      going = "down";
      continue;
    }
    return { lanes: Math.min(best.lanes, limits.max), settled: true, why: `${against}: back to ${best.lanes}` };
  }
  const last = levels.at(-1);
  if (last.lanes !== current)
    return { lanes: current, settled: false, why: `measuring ${current} lanes` };
  const step = Math.max(1, Math.ceil(best.lanes / 4));
  const next = going === "up" ? Math.min(limits.max, best.lanes + step) : Math.max(1, best.lanes - step);
  if (next === best.lanes || going === "up" && next <= current) {
    return { lanes: best.lanes, settled: true, why: `${best.lanes} lanes is the ${going === "up" ? "most allowed" : "fewest"}` };
  }
  if (limits.partsLeft < PARTS_PER_LANE_TO_GROW * next) {
    return { lanes: best.lanes, settled: true, why: `${limits.partsLeft} parts left: too few to try ${next} lanes` };
  }
  const because = last === best ? `${current} lanes moved ${rate(last)}` : `${last.lanes} lanes moved ${rate(last)} against ${rate(best)} on ${best.lanes}`;
  return { lanes: next, settled: false, why: `${because}: trying ${next}` };
}
var JUDGED_STRETCHES = 2;
function judgedLevels(trace) {
  const levels = [];
  let runStart = 0;
  for (let i = 0; i <= trace.length; i++) {
    if (i < trace.length && trace[i].lanes === trace[runStart].lanes)
      continue;
    if (i - runStart > JUDGED_STRETCHES) {
      const judged = trace.slice(runStart + 1, runStart + 1 + JUDGED_STRETCHES);
      const ms = judged.reduce((sum2, e) => sum2 + e.ms, 0);
      const bytes = judged.reduce((sum2, e) => sum2 + e.bytes, 0);
      levels.push({ lanes: trace[runStart].lanes, bytesPerMs: ms > 0 ? bytes / ms : 0 });
    }
    runStart = i;
  }
  return levels;
}
function gained(before, after) {
  if (after.lanes <= before.lanes)
    return true;
  const perLane = before.bytesPerMs / before.lanes;
  return after.bytesPerMs - before.bytesPerMs >= MIN_SHARE_OF_A_LANE * perLane * (after.lanes - before.lanes);
}
function held(before, after) {
  const perLane = before.bytesPerMs / before.lanes;
  return before.bytesPerMs - after.bytesPerMs < MIN_SHARE_OF_A_LANE * perLane * (before.lanes - after.lanes);
}
function rate(level) {
  return `${(level.bytesPerMs * 1e3 / (1024 * 1024)).toFixed(0)} MiB/s`;
}

// dist/src/transfer/adaptive-lanes.js
var EPOCH_ROUND_TRIPS = 4;
var MIN_EPOCH_MS = 250;
var AdaptiveLanes = class {
  /** Lanes wanted now. */
  target;
  /** performance.now() when the first lane went idle for want of parts; undefined until then. */
  firstIdleAt;
  trace = [];
  #options;
  #timer;
  #settled = false;
  constructor(options) {
    this.#options = options;
    this.target = options.initial;
    this.peak = options.initial;
  }
  /** The most lanes wanted at any time. */
  peak;
  /** Whether this upload adapts at all. */
  get adapting() {
    return this.#options.max !== void 0;
  }
  /** Starts measuring a run of the parts; a later call (a run after a checksum fallback) measures afresh. */
  start(run) {
    this.stop();
    if (!this.adapting || this.#settled)
      return;
    const epochMs = Math.max(MIN_EPOCH_MS, EPOCH_ROUND_TRIPS * (this.#options.rttMs ?? 0));
    const { state } = this.#options;
    let bytes = state.bytesSent;
    let at = performance.now();
    this.#timer = setInterval(() => {
      const now = performance.now();
      const sent = state.bytesSent;
      if (this.trace.length === 0 && sent === bytes) {
        at = now;
        return;
      }
      this.trace.push({ lanes: run.running(), bytes: sent - bytes, ms: now - at });
      bytes = sent;
      at = now;
      if (run.partsLeft() === 0)
        return this.stop();
      this.#decide(run);
    }, epochMs);
    this.#timer.unref();
  }
  /** A lane ended with nothing left to take: the first such moment starts the tail. */
  laneIdle() {
    this.firstIdleAt ??= performance.now();
  }
  /** Whether a lane that just ended should not be followed by another (the count is over its target). */
  closeOne(running) {
    return running > this.target;
  }
  stop() {
    if (this.#timer)
      clearInterval(this.#timer);
    this.#timer = void 0;
  }
  #decide(run) {
    if (run.running() !== this.target)
      return;
    const decision = decideLanes(this.trace, { max: this.#options.max ?? this.target, partsLeft: run.partsLeft() });
    this.#settled = decision.settled;
    if (decision.lanes !== this.target) {
      this.target = decision.lanes;
      this.peak = Math.max(this.peak, this.target);
      this.#options.onDecision?.(decision, this.trace);
      for (let n = run.running(); n < this.target; n++)
        run.addLane();
      if (run.running() > this.target)
        run.shrink();
    }
    if (this.#settled)
      this.stop();
  }
};

// dist/src/transfer/progress-reports.js
function startProgressReports(state, planNow, streaming, started, options) {
  const onProgress = options.onProgress;
  if (!onProgress)
    return () => {
    };
  let finished = false;
  const report = () => {
    const seconds2 = (performance.now() - started) / 1e3;
    const plan = planNow();
    const bytesSent = Math.max(0, Math.min(plan.size, state.bytesSent));
    onProgress({
      bytesSent,
      totalBytes: plan.size,
      totalKnown: !streaming || finished,
      // A compressed upload's seek table goes as one more part than the plan counts, and a part
      // sent again after a checksum fallback counts twice: neither is the user's progress.
      partsDone: Math.min(plan.partCount, state.partsDone),
      partsSent: Math.min(plan.partCount, state.partsSent),
      partCount: plan.partCount,
      bytesPerSecond: seconds2 > 0 ? bytesSent / seconds2 : 0,
      seconds: seconds2
    });
  };
  const timer = setInterval(report, options.progressIntervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    finished = true;
    report();
  };
}

// dist/src/control/verify-stored-object.js
async function verifyStoredObject(store, results, objectCrc, completed, size) {
  let stored = completed.crc32c;
  if (stored === void 0) {
    const head = await headObject(store);
    if (head?.size !== void 0 && head.size !== size) {
      throw await deleteCorrupt(store, completed, `the stored object is ${head.size} bytes, the source ${size}`, head);
    }
    stored = head?.crc32c;
  }
  const partsConfirmed = results.every((r) => r.crc32cConfirmed === true);
  if (stored === void 0)
    return partsConfirmed ? "parts" : "none";
  const parts = results.map((r) => ({ crc32c: r.crc32c, length: r.length }));
  if (!matchesStoredChecksum(stored, objectCrc, parts)) {
    throw await deleteCorrupt(store, completed, `the store reports CRC32C ${stored} for the object, the source's parts make ${crc32cToBase64(objectCrc)}`);
  }
  return stored.replace(/-\d+$/, "") === crc32cToBase64(objectCrc) ? "object" : "parts";
}
async function deleteCorrupt(store, completed, detail, seen) {
  const head = seen ?? await headObject(store).catch(() => void 0);
  const stillOurs = head !== void 0 && head.etag !== "" && completed.etag !== "" && unquoted(head.etag) === unquoted(completed.etag);
  const deleted = stillOurs && await sendControl(store.thread, store.transport, deleteObjectRequest(store.target, { etag: head.etag || void 0, generation: head.generation }), await store.credentials.material(), "deleting the corrupt object").then((r) => r.status === 204 || r.status === 200, () => false);
  const outcome = deleted ? "the corrupt object was deleted" : stillOurs ? "the corrupt object could not be deleted: delete it" : "the object at the key is no longer the one completed (another writer replaced it), so nothing was deleted: check it";
  return new PartpushError("PARTPUSH_CHECKSUM_MISMATCH", `the upload completed, but ${detail}; ${outcome} and upload again`);
}
function unquoted(etag) {
  return etag.replace(/^W\//, "").replace(/^"|"$/g, "");
}

// dist/src/source/check-source-unchanged.js
import { stat as stat2 } from "node:fs/promises";
async function checkSourceUnchanged(source) {
  if (source.kind !== "file")
    return;
  const now = await stat2(source.path).catch(() => void 0);
  const change = now ? identityChange(source, identityOf(now)) : "it can no longer be read";
  if (change) {
    throw new PartpushError("PARTPUSH_SOURCE_CHANGED", `${source.path} changed while it was being uploaded (${change}); nothing was completed. Upload a file that is not being written to, or a copy of it`);
  }
}

// dist/src/object-upload/complete-multipart.js
async function completeMultipart(ctx, checksum, uploadId, results, plan, source) {
  await checkSourceUnchanged(source);
  const objectCrc = checksum.placement === void 0 ? void 0 : combinePartCrcs(results.map((r) => ({ crc32c: r.crc32c, length: r.length })));
  const completed = await checksum.complete(ctx.store, uploadId, results, plan.size, objectCrc);
  ctx.options.onEvent?.({ type: "completed", uploadId, destination: ctx.destination, etag: completed.etag });
  return {
    etag: completed.etag,
    objectCrc,
    verify: async () => objectCrc === void 0 ? "none" : verifyStoredObject(ctx.store, results, objectCrc, completed, plan.size)
  };
}

// dist/src/transfer/sending-shape.js
var ASSUMED_TCP_WINDOW = 4 * 1024 * 1024;
var THREAD_RATE = 1024 * 1024 * 1024;
var SWITCH_MARGIN = 1.25;
var SHORT_ROUND_TRIP_MS = 5;
function sendingShape(input) {
  const { protocol, lanesPerThread: streams, link } = input;
  if (protocol === "h1")
    return { protocol, connections: streams };
  const cap = Math.min(streams, MAX_CONNECTIONS_PER_WORKER);
  if (input.connections !== "auto")
    return { protocol, connections: Math.min(input.connections, cap) };
  if (!link || link.rttMs < SHORT_ROUND_TRIP_MS)
    return { protocol, connections: 1 };
  const rtt = link.rttMs / 1e3;
  const streamWindow = link.initialWindowSize ?? Number.POSITIVE_INFINITY;
  const needed = Math.ceil(THREAD_RATE * rtt / ASSUMED_TCP_WINDOW);
  const useful = Math.max(1, Math.floor(streams * streamWindow / ASSUMED_TCP_WINDOW));
  const connections = Math.max(1, Math.min(needed, cap, useful));
  const h2Rate = Math.min(THREAD_RATE, Math.min(connections * ASSUMED_TCP_WINDOW, streams * streamWindow) / rtt);
  const h1Rate = Math.min(THREAD_RATE, streams * ASSUMED_TCP_WINDOW / rtt);
  if (input.http === "auto" && input.tls && h1Rate > SWITCH_MARGIN * h2Rate) {
    return {
      protocol: "h1",
      connections: streams,
      switchedBecause: `the server's ${mib(streamWindow)} HTTP/2 stream window over a ${link.rttMs.toFixed(0)} ms round trip holds ${streams} streams to ${mib(h2Rate)}/s, and ${streams} HTTP/1.1 connections move up to ${mib(h1Rate)}/s`
    };
  }
  return { protocol, connections };
}
function autoLanesPerWorker(link, workers) {
  if (!link || link.rttMs < SHORT_ROUND_TRIP_MS)
    return DEFAULT_STREAMS_PER_WORKER;
  const total = Math.ceil(THREAD_RATE * (link.rttMs / 1e3) / ASSUMED_TCP_WINDOW);
  return Math.max(DEFAULT_STREAMS_PER_WORKER, Math.min(MAX_AUTO_STREAMS_PER_WORKER, Math.ceil(total / workers)));
}
function mib(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
}

// dist/src/transfer/tail-free-lanes.js
var FULL_ENOUGH = 0.75;
var WAVES_WITHOUT_TAIL = 10;
function tailFreeLanes(partCount, wanted, max) {
  const ceiling = Math.min(max, partCount, 2 * wanted);
  if (wanted >= partCount)
    return Math.min(partCount, max);
  if (partCount / wanted >= WAVES_WITHOUT_TAIL)
    return wanted;
  for (let lanes = wanted; lanes <= ceiling; lanes++) {
    const last = partCount % lanes;
    if (last === 0 || last >= FULL_ENOUGH * lanes)
      return lanes;
  }
  return wanted;
}
var WAVES_PER_LANE = 6;
var MIN_TAIL_FREE_PART_SIZE = 8 * MiB;
function tailFreePlan(plan, lanes) {
  if (plan.singleRequest)
    return plan;
  const even = Math.ceil(plan.size / (lanes * WAVES_PER_LANE) / MiB) * MiB;
  const partSize = Math.min(plan.partSize, Math.max(MIN_TAIL_FREE_PART_SIZE, even));
  if (partSize === plan.partSize)
    return plan;
  const tailFree = planParts(plan.size, partSize);
  return tailFree.singleRequest ? plan : tailFree;
}

// dist/src/object-upload/lane-shape.js
var ADAPT_FROM_RTT_MS = 5;
async function shapeLanes(ctx, plan) {
  const { env, options, negotiated, target } = ctx;
  const link = await negotiated.link;
  const threads = env.workers;
  const adaptive = env.streamsPerWorker === "auto" && link !== void 0 && link.rttMs >= ADAPT_FROM_RTT_MS && options.compression === void 0;
  const adaptiveMax = adaptive ? threads * MAX_AUTO_STREAMS_PER_WORKER : void 0;
  const modelLanes = env.streamsPerWorker === "auto" ? autoLanesPerWorker(link, threads) : env.streamsPerWorker;
  const wanted = modelLanes * threads;
  const replan = adaptiveMax !== void 0 && plan && !plan.singleRequest && options.partSize === void 0 && !options.resume;
  const planned = replan ? tailFreePlan(plan, wanted) : plan;
  const lanes = adaptiveMax && planned ? tailFreeLanes(planned.partCount, wanted, adaptiveMax) : wanted;
  const lanesPerThread = Math.ceil(lanes / threads);
  const shape = sendingShape({
    protocol: negotiated.protocol,
    connections: options.connections,
    http: options.http,
    lanesPerThread,
    link,
    tls: target.origin.startsWith("https:")
  });
  const { protocol, connections } = shape;
  const how = shape.switchedBecause ? "round-trip" : negotiated.how;
  options.onEvent?.({ type: "protocol", origin: target.origin, protocol, how, why: shape.switchedBecause, proxy: ctx.proxy?.proxy });
  options.onEvent?.({
    type: "link",
    origin: target.origin,
    ...link,
    streamsPerThread: lanesPerThread,
    connectionsPerThread: connections,
    threads,
    chosen: options.connections === "auto" ? "auto" : "asked"
  });
  return {
    // Adaptive: room on each thread for as many lanes as the count may reach (HTTP/1.1 connections
    // and HTTP/2 streams open as lanes need them).
    transport: {
      origin: target.origin,
      protocol,
      inFlight: adaptive ? MAX_AUTO_STREAMS_PER_WORKER : lanesPerThread,
      connections,
      tls: ctx.tls,
      proxy: ctx.proxy
    },
    lanes,
    protocol,
    connections: connections * threads,
    rttMs: link?.rttMs,
    adaptiveMax,
    plan: planned
  };
}

// dist/src/transfer/main-thread-channel.js
function createMainThreadChannel(options) {
  const { credentials, refreshMs, onEvent } = options;
  let current = options.initial;
  const listeners = /* @__PURE__ */ new Set();
  let refreshing;
  const publish = (next) => {
    if (JSON.stringify(next) === JSON.stringify(current))
      return;
    current = next;
    for (const listener of listeners)
      listener(next);
  };
  const timer = setInterval(() => {
    credentials.material().then(publish, () => {
    });
  }, refreshMs).unref();
  return {
    auth: () => current,
    refreshAuth() {
      refreshing ??= (async () => {
        try {
          if (!await credentials.refresh())
            return false;
          publish(await credentials.material());
          return true;
        } catch {
          return false;
        } finally {
          refreshing = void 0;
        }
      })();
      return refreshing;
    },
    onAuth(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    partDone: options.onPartDone,
    retrying: (event) => onEvent?.({ type: "retry", ...event }),
    connection: (event) => onEvent?.({ type: "connection", ...event }),
    close: () => clearInterval(timer)
  };
}

// dist/src/transfer/run-parts.js
async function runParts(options) {
  const channel = createMainThreadChannel({
    credentials: options.credentials,
    initial: await options.credentials.material(),
    refreshMs: options.credentialRefreshMs,
    onPartDone: (index) => run.collect(index),
    onEvent: options.onEvent
  });
  const run = new PartsRun(options, channel);
  try {
    return await run.run();
  } finally {
    channel.close();
  }
}
var PartsRun = class {
  #options;
  #channel;
  #state;
  #board;
  #results = /* @__PURE__ */ new Map();
  #takenBack = [];
  /** Byte length of the largest part, for the scheduler's bytes-in-flight cap. */
  #slotBytes;
  #failure;
  #lanes = 0;
  /** Slots open now, and every slot promise so far (the adaptive lanes add some while the run goes). */
  #running = 0;
  #slots = [];
  #schedulerContended = false;
  /** Every claimed index below this one is collected (see #collectFinished). */
  #collectedBelow = 0;
  constructor(options, channel) {
    this.#options = options;
    this.#channel = channel;
    this.#state = new UploadState(options.upload.state);
    this.#board = new PartBoard(options.partNumbers);
    this.#slotBytes = Math.min(options.upload.plan.partSize, options.upload.plan.size);
  }
  async run() {
    const { scheduler, runner, lanes, partNumbers } = this.#options;
    const board = this.#board;
    const stopWatchingContention = scheduler.onContention(board, (contended) => {
      this.#schedulerContended = contended;
      this.#updateContended();
    });
    const adaptive = this.#options.adaptive;
    try {
      for (let n = Math.min(lanes, runner.capacity, partNumbers.length); n > 0; n--)
        this.#openSlot();
      adaptive?.start({
        addLane: () => this.#openSlot(),
        running: () => this.#running,
        partsLeft: () => partNumbers.length - Math.min(this.#board.claimed, partNumbers.length),
        shrink: () => this.#updateContended()
      });
      for (let i = 0; i < this.#slots.length; i++)
        await this.#slots[i];
    } finally {
      adaptive?.stop();
      stopWatchingContention();
    }
    if (this.#failure)
      throw this.#failure;
    if (this.#state.stopped)
      throw new PartpushError("PARTPUSH_ABORTED", "upload cancelled");
    return [...this.#results.values()].sort((a, b) => a.partNumber - b.partNumber);
  }
  /** Takes the result at `index` off the board, once, if the part has finished. */
  collect(index) {
    const partNumber = this.#board.partNumber(index);
    if (this.#results.has(partNumber))
      return;
    const finished = this.#board.result(index);
    if (!finished)
      return;
    const result = { partNumber, length: partRange(this.#options.upload.plan, partNumber).length, ...finished };
    this.#results.set(partNumber, result);
    this.#options.onPartDone?.(result);
  }
  /**
   * Takes every finished part off the board. Only claimed indexes can have finished, and all of
   * them below `#collectedBelow` already are collected, so a scan covers the parts in flight, not
   * the whole board: under contention lanes end after every part, and a full scan each time would
   * cost O(parts²) on the main thread.
   */
  #collectFinished() {
    const claimed = this.#board.claimed;
    for (let index = this.#collectedBelow; index < claimed; index++)
      this.collect(index);
    while (this.#collectedBelow < claimed && this.#results.has(this.#board.partNumber(this.#collectedBelow)))
      this.#collectedBelow++;
  }
  #fail(error) {
    if (!this.#failure || this.#failure.code === "PARTPUSH_ABORTED" && error.code !== "PARTPUSH_ABORTED")
      this.#failure = error;
    this.#state.stop("failed");
  }
  #moreToSend() {
    return !this.#failure && !this.#state.stopped && (!this.#board.allClaimed || this.#takenBack.length > 0);
  }
  /** Parts a dead lane held and did not finish go back to be sent again, unless out of attempts. */
  #takeBack(lane, cause2) {
    for (const index of this.#board.heldBy(lane)) {
      const partNumber = this.#board.partNumber(index);
      if (this.#results.has(partNumber))
        continue;
      const attempts = this.#board.attempts(index);
      if (attempts < this.#options.upload.retry.maxAttempts) {
        this.#takenBack.push(index);
        continue;
      }
      this.#fail(new PartpushError("PARTPUSH_WORKER_FAILED", `part ${partNumber}: the worker thread failed (${cause2?.message ?? String(cause2)}) on the last of ${attempts} attempts`, { partNumber, attempts }));
    }
  }
  #openSlot() {
    this.#running++;
    const slot = { counted: true };
    this.#slots.push(this.#slot(slot).finally(() => {
      if (slot.counted)
        this.#running--;
    }));
  }
  /**
   * Lanes end after each part while another upload waits for a slot, or while more lanes run than
   * the adaptive count wants (those that end then close their slot).
   */
  #updateContended() {
    const over = this.#options.adaptive ? this.#running > this.#options.adaptive.target : false;
    this.#board.contended = this.#schedulerContended || over;
  }
  /** One scheduler slot: lanes run in it one after another while parts are left to send. */
  async #slot(slot) {
    const { scheduler, runner, upload } = this.#options;
    while (this.#moreToSend()) {
      let release;
      try {
        release = await scheduler.acquire(this.#board, this.#slotBytes, this.#state.signal);
      } catch (error) {
        this.#fail(error);
        return;
      }
      try {
        if (!this.#moreToSend())
          return;
        const task = {
          lane: ++this.#lanes,
          board: this.#board.buffer,
          takenBack: this.#takenBack.splice(0),
          upload,
          auth: this.#channel.auth()
        };
        const ended = await runner.run(task, this.#channel).then((outcome) => ({ outcome }), (died) => ({ died }));
        this.#collectFinished();
        if ("died" in ended)
          this.#takeBack(task.lane, ended.died);
        else if (ended.outcome.error)
          this.#fail(fromErrorRecord(ended.outcome.error));
        else if (this.#board.allClaimed && this.#takenBack.length === 0)
          this.#options.adaptive?.laneIdle();
        if (this.#options.adaptive?.closeOne(this.#running)) {
          slot.counted = false;
          this.#running--;
          this.#updateContended();
          return;
        }
      } finally {
        release();
      }
    }
  }
};

// dist/src/object-upload/part-sender.js
var PartSender = class {
  /** The multipart upload the parts go to; undefined for a single PUT. */
  uploadId;
  /** The upload was made anew: a resume journal of the old one no longer describes it. */
  renewed = false;
  #ctx;
  #shape;
  #source;
  #checksum;
  #adaptive;
  #compression;
  constructor(ctx, shape, source, checksum, uploadId, adaptive, compression) {
    this.#ctx = ctx;
    this.#adaptive = adaptive;
    this.#compression = compression;
    this.#shape = shape;
    this.#source = source;
    this.#checksum = checksum;
    this.uploadId = uploadId;
  }
  /** Sends `partNumbers` of `plan`, learning the checksum form on the way; `journal` records each part. */
  async send(partNumbers, plan, journal) {
    const { state, target, options } = this.#ctx;
    let renewed = false;
    for (; ; ) {
      try {
        const results = await this.sendAsIs(partNumbers, plan, journal);
        return { results, renewed };
      } catch (error) {
        if (state.stopReason !== "failed")
          throw error;
        this.#checksum.afterPartsFailed(error);
        state.reopen();
        if (options.signal?.aborted) {
          state.stop("cancelled");
          throw error;
        }
        journal?.setChecksumPlacement(this.#checksum.placement);
        if (this.#checksum.placement === void 0 && this.uploadId !== void 0 && target.dialect === "s3") {
          await this.#renew();
          journal?.remove();
          journal = void 0;
          renewed = true;
        }
      }
    }
  }
  /** A new multipart upload in place of the current one (aborted), for parts with no checksum. */
  async #renew() {
    const { store, destination, options } = this.#ctx;
    const old = this.uploadId;
    await abortUpload(store, old).then(() => options.onEvent?.({ type: "aborted", uploadId: old, destination }), () => void 0);
    this.uploadId = await this.#checksum.initiate(store);
    this.renewed = true;
    options.onEvent?.({ type: "initiated", uploadId: this.uploadId, destination, origin: store.target.origin });
  }
  /** Sends `partNumbers` in the current form; a refusal fails them (a stream's parts after its first). */
  sendAsIs(partNumbers, plan, journal) {
    const { env, options, credentials } = this.#ctx;
    return runParts({
      runner: env.runner,
      lanes: this.#shape.lanes,
      scheduler: env.scheduler,
      credentials,
      credentialRefreshMs: options.credentialRefreshMs,
      onEvent: options.onEvent,
      upload: this.#spec(journal !== void 0, plan),
      partNumbers,
      onPartDone: journal && ((part) => journal.record(part)),
      adaptive: this.#adaptive
    });
  }
  /** What every lane of one run of the parts shares, built whole once per run. */
  #spec(reportEachPart, plan) {
    const { target, store, state, options } = this.#ctx;
    return {
      transport: this.#shape.transport,
      dialect: target.dialect,
      path: target.objectPath,
      uploadId: this.uploadId,
      object: this.uploadId === void 0 ? store.object : void 0,
      plan,
      source: this.#source,
      chunkSize: sendChunkSize(this.#shape.lanes),
      compression: this.#compression,
      checksum: this.#checksum.placement,
      reportEachPart,
      stallTimeoutMs: options.stallTimeoutMs,
      retry: options.retry,
      state: state.buffer,
      bandwidth: this.#ctx.env.bandwidth?.spec
    };
  }
};

// dist/src/object-upload/start-multipart.js
async function startMultipart(ctx, checksum) {
  if (ctx.attributes.ifNotExists)
    await refuseExistingObject(ctx.store);
  const uploadId = await checksum.initiate(ctx.store);
  ctx.options.onEvent?.({ type: "initiated", uploadId, destination: ctx.destination, origin: ctx.target.origin });
  return uploadId;
}
async function abortAfter(ctx, uploadId, error) {
  const { store } = ctx;
  if (error instanceof PartpushError && error.serviceCode === "NoSuchUpload")
    return error;
  try {
    await abortUpload(store, uploadId);
    store.onEvent?.({ type: "aborted", uploadId, destination: ctx.destination });
  } catch (abortError) {
    if (error instanceof PartpushError) {
      error.message += `; the multipart upload ${uploadId} could not be aborted either (${abortError.message}), so its parts may still be stored`;
    }
  }
  return error;
}
async function refuseExistingObject(store) {
  const existing = await headObject(store);
  if (existing) {
    throw new PartpushError("PARTPUSH_PRECONDITION_FAILED", "an object already exists under this key, and --no-clobber (ifNotExists) keeps it: nothing was sent or replaced");
  }
}

// dist/src/checksum/checksum-placement.js
function checksumUsed(placement) {
  return placement ?? "none";
}

// dist/src/object-upload/upload-outcome.js
function resultOf(ctx, outcome) {
  const { plan, shape } = outcome;
  const seconds2 = (performance.now() - ctx.started) / 1e3;
  return {
    destination: ctx.destination,
    size: plan.size,
    partSize: plan.singleRequest ? plan.size : plan.partSize,
    partCount: plan.partCount,
    partsReused: outcome.partsReused,
    etag: outcome.etag,
    crc32c: outcome.objectCrc === void 0 ? void 0 : crc32cToBase64(outcome.objectCrc),
    checksum: checksumUsed(outcome.checksum.placement),
    verified: outcome.verified,
    retries: outcome.results.reduce((n, r) => n + r.attempts - 1, 0),
    seconds: seconds2,
    bytesPerSecond: seconds2 > 0 ? plan.size / seconds2 : 0,
    mode: ctx.env.runner.mode,
    protocol: shape.protocol,
    // Over HTTP/1.1 every lane has its own connection: as many as the adaptive count reached.
    connections: shape.protocol === "h1" && outcome.peakLanes !== void 0 ? outcome.peakLanes : shape.connections,
    rttMs: shape.rttMs,
    tailSeconds: outcome.tailSeconds,
    proxy: ctx.proxy?.proxy,
    compressed: outcome.compressed
  };
}
function cancelledByCaller(keptFor) {
  return new PartpushError("PARTPUSH_ABORTED", keptFor === void 0 ? "upload cancelled by the caller; nothing was completed and the multipart upload was aborted" : `upload cancelled by the caller; nothing was completed${keptForResumeSuffix(keptFor)}`);
}
function partNumbersOf(plan) {
  return Array.from({ length: plan.partCount }, (_, i) => i + 1);
}

// dist/src/compressed-upload/compressed-object-facts.js
function compressedObject(compression, table, plan, results) {
  const dataParts = partNumbersOf(plan);
  const crc = combinePartCrcs(dataParts.map((n) => ({ crc32c: table.crc32c(n), length: partRange(plan, n).length })));
  return {
    codec: compression.codec,
    level: compression.level,
    size: results.reduce((n, r) => n + r.length, 0),
    frames: dataParts.reduce((n, p) => n + table.entries(p).length, 0),
    uncompressedCrc32c: crc32cToBase64(crc)
  };
}

// dist/src/compressed-upload/send-seek-table.js
async function sendSeekTable(ctx, shape, checksum, uploadId, partNumber, seekTable) {
  const size = seekTable.length;
  const buffer = new SharedArrayBuffer(size);
  seekTable.copy(Buffer.from(buffer));
  const ring = { kind: "ring", buffer, slabSize: size, slabCount: 1 };
  const plan = { size: partNumber * size, partSize: size, partCount: partNumber, singleRequest: false };
  const { results } = await new PartSender(ctx, shape, ring, checksum, uploadId).send([partNumber], plan);
  return results[0];
}

// dist/src/compressed-upload/send-compressed.js
async function sendCompressed(ctx, start, compression) {
  const { shape, source, plan, checksum } = start;
  if (plan.singleRequest)
    return sendCompressedPut(ctx, shape, source, plan, checksum, compression);
  const frames = compressedParts(compression, plan.partCount, plan.partSize);
  const sender = new PartSender(ctx, shape, source, checksum, await start.initiating, void 0, frames);
  try {
    const sent = await sender.send(partNumbersOf(plan), plan);
    return await finishCompressedParts(ctx, { sender, shape, checksum, source }, sent.results, plan, frames);
  } catch (error) {
    throw await abortAfter(ctx, sender.uploadId, error);
  }
}
async function sendCompressedPut(ctx, shape, source, plan, checksum, compression) {
  const table = new FrameTable({ firstPart: 1, parts: 1, entriesPerPart: Math.ceil(plan.size / compression.frameSize) + 1 });
  const frames = { ...compression, table: table.buffer, padTo: 0, withSeekTable: true };
  const sent = await new PartSender(ctx, shape, source, checksum, void 0, void 0, frames).send([1], plan);
  const results = sent.results.map((r) => ({ ...r, length: table.compressedLength(1) + seekTableSize(table.entries(1).length) }));
  const only = results[0];
  const verified = only.crc32cConfirmed === true ? "object" : "none";
  const compressed = compressedObject(compression, table, plan, results);
  return { plan, results, etag: only.etag, objectCrc: only.crc32c, verified, partsReused: 0, shape, checksum, compressed };
}
function compressedParts(compression, parts, partSize) {
  const table = new FrameTable({
    firstPart: 1,
    parts: parts === "stream" ? MAX_PARTS : parts,
    // Whole frames and the padding frame; a part size that is not a whole number of frames has a short last one.
    entriesPerPart: Math.ceil(partSize / compression.frameSize) + 1
  });
  return { ...compression, table: table.buffer, padTo: MIN_PART_SIZE, withSeekTable: false };
}
async function finishCompressedParts(ctx, sending, sent, plan, frames) {
  const { sender, shape, checksum } = sending;
  const table = new FrameTable(frames.table);
  const dataParts = sent.map((r) => ({ ...r, length: table.compressedLength(r.partNumber) }));
  const seekTable = encodeSeekTable(dataParts.flatMap((r) => table.entries(r.partNumber)));
  const last = await sendSeekTable(ctx, shape, checksum, sender.uploadId, plan.partCount + 1, seekTable);
  const results = [...dataParts, last];
  const objectSize = results.reduce((n, r) => n + r.length, 0);
  const completed = await completeMultipart(ctx, checksum, sender.uploadId, results, { ...plan, size: objectSize }, sending.source);
  const verified = await completed.verify();
  const compressed = compressedObject(frames, table, plan, results);
  return { plan, results, etag: completed.etag, objectCrc: completed.objectCrc, verified, partsReused: 0, shape, checksum, compressed };
}

// dist/src/object-upload/upload-file.js
async function uploadFile(ctx, source, defaultPlan) {
  const checksum = ctx.checksumFor(defaultPlan);
  const initiating = defaultPlan.singleRequest || ctx.options.resume ? void 0 : startMultipart(ctx, checksum);
  initiating?.catch(() => void 0);
  const shape = await shapeLanes(ctx, defaultPlan);
  const plan = shape.plan ?? defaultPlan;
  const stopProgress = startProgressReports(ctx.state, () => plan, false, ctx.started, ctx.options);
  try {
    if (ctx.state.stopped) {
      await initiating?.then(async (uploadId) => {
        await abortUpload(ctx.store, uploadId);
        ctx.options.onEvent?.({ type: "aborted", uploadId, destination: ctx.destination });
      }).catch(() => void 0);
      throw cancelledByCaller();
    }
    if (ctx.options.compression)
      return await sendCompressed(ctx, { shape, source, plan, checksum, initiating }, ctx.options.compression);
    if (plan.singleRequest)
      return await sendSingleRequest(ctx, shape, source, plan, checksum);
    return await sendFileParts(ctx, shape, source, plan, checksum, initiating);
  } finally {
    stopProgress();
  }
}
async function sendSingleRequest(ctx, shape, source, plan, checksum) {
  const { results } = await new PartSender(ctx, shape, source, checksum, void 0).send([1], plan);
  const only = results[0];
  const verified = only.crc32cConfirmed === true ? "object" : "none";
  return { plan, results, etag: only.etag, objectCrc: only.crc32c, verified, partsReused: 0, shape, checksum };
}
async function sendFileParts(ctx, shape, source, plan, checksum, initiating) {
  const { options, store } = ctx;
  const resume = options.resume ? await findResumePoint(resumeJournalPath(options.resume, source, ctx.destinationText, ctx.target.origin, options.env), source, ctx.destination, plan, { placement: checksum.placement, auto: options.checksum === "auto" }, store, options.keepStaleUpload) : void 0;
  try {
    if (options.checksum === "auto" && resume?.journal)
      checksum.placement = resume.journal.header.checksumPlacement;
    if (resume?.journal)
      checksum.fullObject = resume.journal.header.fullObject === true;
    const uploadId = resume?.uploadId ?? await (initiating ?? startMultipart(ctx, checksum));
    if (resume?.uploadId)
      options.onEvent?.({
        type: "resumed",
        uploadId,
        destination: ctx.destination,
        origin: ctx.target.origin,
        partsReused: resume.done.length
      });
    resume?.start(uploadId, checksum.placement, checksum.fullObject);
    const lanes = adaptiveLanes(ctx, shape);
    const sender = new PartSender(ctx, shape, source, checksum, uploadId, lanes);
    const { results, partsReused } = await sendPartsOrAbort(ctx, sender, plan, resume);
    const completed = await completeOrAbort(ctx, sender, checksum, results, plan, source, resume);
    const tailSeconds = lanes.firstIdleAt === void 0 ? void 0 : (performance.now() - lanes.firstIdleAt) / 1e3;
    resume?.journal?.remove();
    const verified = await completed.verify();
    const { etag, objectCrc } = completed;
    return { plan, results, etag, objectCrc, verified, partsReused, shape, checksum, tailSeconds, peakLanes: lanes.peak };
  } finally {
    resume?.release();
  }
}
async function sendPartsOrAbort(ctx, sender, plan, resume) {
  const reused = resume?.done ?? [];
  for (const part of reused) {
    ctx.state.addBytesSent(part.length);
    ctx.state.addPartSent(1);
    ctx.state.addPartDone();
  }
  const stored = new Set(reused.map((p) => p.partNumber));
  return afterFailure(ctx, sender, resume, async () => {
    const journal = resume?.journal;
    const sent = await sender.send(partNumbersOf(plan).filter((n) => !stored.has(n)), plan, journal);
    if (!sent.renewed)
      return { results: byNumber([...reused, ...sent.results]), partsReused: reused.length };
    const again = reused.length > 0 ? await sender.send([...stored], plan) : { results: [] };
    return { results: byNumber([...sent.results, ...again.results]), partsReused: 0 };
  });
}
async function completeOrAbort(ctx, sender, checksum, results, plan, source, resume) {
  return afterFailure(ctx, sender, resume, () => completeMultipart(ctx, checksum, sender.uploadId, results, plan, source));
}
async function afterFailure(ctx, sender, resume, work) {
  try {
    return await work();
  } catch (error) {
    if (resume?.journal && !sender.renewed && canContinueLater(error)) {
      ctx.keptFor = resume.journal?.path;
      throw keptForResume(error, ctx.keptFor);
    }
    resume?.journal?.remove();
    throw await abortAfter(ctx, sender.uploadId, error);
  }
}
function adaptiveLanes(ctx, shape) {
  const { onEvent } = ctx.options;
  return new AdaptiveLanes({
    initial: shape.lanes,
    max: shape.adaptiveMax,
    rttMs: shape.rttMs,
    state: ctx.state,
    onDecision: onEvent && ((decision, trace) => onEvent({ type: "lanes", lanes: decision.lanes, why: decision.why, trace: [...trace] }))
  });
}
function byNumber(parts) {
  return parts.sort((a, b) => a.partNumber - b.partNumber);
}

// dist/src/source/stream-slabs.js
var StreamSlabs = class {
  ring;
  /**
   * Parts read ahead into slabs 1, 2, ... while part 1 was sent, not yet sent themselves: their
   * byte counts, in order (send-stream-parts.ts). Kept here so that a second run of the parts (a
   * new multipart upload after part 1 was refused) sends them without reading the stream again.
   */
  readAhead = [];
  readAheadDone = false;
  #reader;
  /** The byte atEnd() read to learn that the stream goes on: the next slab's first. */
  #peeked;
  #ended = false;
  constructor(input, slabSize, slabCount) {
    this.ring = { kind: "ring", buffer: new SharedArrayBuffer(slabSize * slabCount), slabSize, slabCount };
    this.#reader = isByteReader(input) ? input : chunkReader(input);
  }
  /** Fills slab `slab` from the stream; returns the bytes in it (fewer than slabSize only at the end). */
  async fill(slab) {
    const { slabSize } = this.ring;
    const target = new Uint8Array(this.ring.buffer, slab * slabSize, slabSize);
    let filled = 0;
    if (this.#peeked !== void 0) {
      target[0] = this.#peeked;
      this.#peeked = void 0;
      filled = 1;
    }
    while (filled < slabSize && !this.#ended) {
      const n = await this.#read(target.subarray(filled));
      if (n === 0)
        this.#ended = true;
      filled += n;
    }
    return filled;
  }
  /** Whether the stream has no byte left (it may wait for the next read to know). */
  async atEnd() {
    if (this.#peeked !== void 0)
      return false;
    if (this.#ended)
      return true;
    const one = new Uint8Array(1);
    if (await this.#read(one) === 0) {
      this.#ended = true;
      return true;
    }
    this.#peeked = one[0];
    return false;
  }
  /** Stops reading: the stream's own clean-up runs (a Readable is destroyed, a reader thread ends). */
  async close() {
    await this.#reader.close?.();
  }
  async #read(target) {
    try {
      return await this.#reader.readInto(target);
    } catch (error) {
      this.#ended = true;
      throw error instanceof PartpushError ? error : new PartpushError("PARTPUSH_SOURCE_UNREADABLE", `reading the stream failed: ${error?.message ?? error}; nothing was completed`, { causeCode: error?.code });
    }
  }
};

// dist/src/transfer/send-stream-parts.js
var MAX_STREAM_PARTS_IN_FLIGHT = 16;
function streamSlabCount(lanes) {
  return Math.min(lanes, MAX_STREAM_PARTS_IN_FLIGHT) + 1;
}
async function sendStreamParts(run) {
  const { slabs } = run;
  const { slabSize, slabCount } = slabs.ring;
  const results = [];
  const inFlight = [];
  const failure = {};
  let onFailure;
  const failed = new Promise((_, reject) => {
    onFailure = reject;
  });
  failed.catch(() => void 0);
  const fail = (error) => {
    if (failure.error === void 0 || isCancellation(failure.error) && !isCancellation(error)) {
      failure.error = error instanceof Error ? error : new Error(String(error));
    }
    onFailure(failure.error);
  };
  const throwIfFailed = () => {
    if (failure.error)
      throw failure.error;
  };
  const orFailure = (read2) => {
    read2.catch(() => void 0);
    return Promise.race([read2, failed]);
  };
  const ahead = slabs.readAhead;
  let size = run.firstBytes;
  let plan = { size, partSize: slabSize, partCount: 1, singleRequest: false };
  try {
    const reading = readAhead(slabs);
    const readSettled = reading.then(() => void 0, () => void 0);
    try {
      results.push(...await run.sendPart(1, plan));
    } finally {
      await readSettled;
    }
    await reading;
    for (let partNumber = 2; ; partNumber++) {
      const slab = (partNumber - 1) % slabCount;
      await inFlight[slab];
      throwIfFailed();
      const filled = ahead.length > 0 ? ahead.shift() : await orFailure(slabs.fill(slab));
      if (filled === 0)
        break;
      const last = filled < slabSize || ahead.length === 0 && await orFailure(slabs.atEnd());
      size += filled;
      if (!last && partNumber === MAX_PARTS)
        throw tooLong(slabSize);
      plan = { size, partSize: slabSize, partCount: partNumber, singleRequest: false };
      inFlight[slab] = run.sendPart(partNumber, plan).then((r) => {
        results.push(...r);
      }, fail);
      if (last)
        break;
    }
    await Promise.all(inFlight);
    throwIfFailed();
    return { results: results.sort((a, b) => a.partNumber - b.partNumber), plan };
  } catch (error) {
    if (inFlight.length > 0) {
      run.stop();
      await Promise.all(inFlight);
    }
    throw failure.error ?? error;
  }
}
async function readAhead(slabs) {
  const { slabSize, slabCount } = slabs.ring;
  const ahead = slabs.readAhead;
  if (slabs.readAheadDone)
    return;
  while (ahead.length < slabCount - 1) {
    const filled = await slabs.fill(ahead.length + 1);
    if (filled === 0)
      break;
    ahead.push(filled);
    if (filled < slabSize)
      break;
  }
  slabs.readAheadDone = true;
}
function isCancellation(error) {
  return error instanceof PartpushError && error.code === "PARTPUSH_ABORTED";
}
function tooLong(partSize) {
  return new PartpushError("PARTPUSH_TOO_LARGE", `the stream is longer than ${MAX_PARTS} parts of ${formatSize(partSize)} (${formatSize(MAX_PARTS * partSize)}), the most a multipart upload holds; nothing was completed. Give its size beforehand with --expected-size (API: expectedSize) or a larger --part-size`);
}

// dist/src/object-upload/upload-stream.js
async function uploadStream(ctx, input, partSize) {
  const shape = await shapeLanes(ctx);
  const slabs = new StreamSlabs(input, partSize, streamSlabCount(shape.lanes));
  try {
    const start = await untilStopped(ctx.state, startStream(slabs));
    const checksum = ctx.checksumFor(start.plan);
    let plan = start.plan;
    const stopProgress = startProgressReports(ctx.state, () => plan, true, ctx.started, ctx.options);
    try {
      const { compression } = ctx.options;
      if (plan.singleRequest && compression)
        return await sendCompressedPut(ctx, shape, start.source, plan, checksum, compression);
      if (plan.singleRequest)
        return await sendSingleRequest(ctx, shape, start.source, plan, checksum);
      return await sendStreamMultipart(ctx, shape, slabs, start, checksum, (grown) => plan = grown);
    } finally {
      stopProgress();
    }
  } finally {
    await slabs.close().catch(() => void 0);
  }
}
async function sendStreamMultipart(ctx, shape, slabs, start, checksum, onPlan) {
  const { compression } = ctx.options;
  const frames = compression && compressedParts(compression, "stream", slabs.ring.slabSize);
  const sender = new PartSender(ctx, shape, start.source, checksum, await startMultipart(ctx, checksum), void 0, frames);
  let completed;
  let sent;
  try {
    sent = await sendStreamParts({
      slabs,
      firstBytes: start.firstBytes,
      sendPart: (partNumber, plan2) => {
        onPlan(plan2);
        return partNumber === 1 ? sender.send([1], plan2).then((r) => r.results) : sender.sendAsIs([partNumber], plan2);
      },
      stop: () => ctx.state.stop("failed")
    });
    onPlan(sent.plan);
    if (frames)
      return await finishCompressedParts(ctx, { sender, shape, checksum, source: start.source }, sent.results, sent.plan, frames);
    completed = await completeMultipart(ctx, checksum, sender.uploadId, sent.results, sent.plan, start.source);
  } catch (error) {
    throw await abortAfter(ctx, sender.uploadId, error);
  }
  const verified = await completed.verify();
  const { results, plan } = sent;
  return { plan, results, etag: completed.etag, objectCrc: completed.objectCrc, verified, partsReused: 0, shape, checksum };
}
async function startStream(slabs) {
  const partSize = slabs.ring.slabSize;
  const firstBytes = await slabs.fill(0);
  if (firstBytes < partSize || await slabs.atEnd()) {
    return {
      firstBytes,
      source: { kind: "shared", buffer: slabs.ring.buffer, byteOffset: 0, size: firstBytes },
      plan: planParts(firstBytes, partSize)
    };
  }
  return { firstBytes, source: slabs.ring, plan: { size: firstBytes, partSize, partCount: 1, singleRequest: false } };
}
function untilStopped(state, work) {
  if (state.stopped)
    return Promise.reject(cancelledByCaller());
  return new Promise((resolve3, reject) => {
    const onStop = () => reject(cancelledByCaller());
    state.signal.addEventListener("abort", onStop, { once: true });
    work.then(resolve3, reject).finally(() => state.signal.removeEventListener("abort", onStop));
  });
}

// dist/src/object-upload/upload-object.js
async function uploadObject(env, input, destinationText, options) {
  const stream = isStreamInput(input) || isByteReader(input) ? input : void 0;
  if (stream && options.resume) {
    throw new PartpushError("PARTPUSH_INVALID_OPTION", "resume needs a file: a stream cannot be read again from where it stopped; drop --resume, or upload from a file", { option: "resume" });
  }
  const streamPart = stream ? framedStreamPartSize(streamPartSize(options.partSize, options.expectedSize), options.compression) : void 0;
  const file = isStreamInput(input) || isByteReader(input) ? void 0 : await resolveSource(input);
  const { compression } = options;
  const plan = !file ? void 0 : compression ? planCompressedParts(file.size, options.partSize, compression) : planParts(file.size, options.partSize);
  const object = compression ? compressedObjectAttributes(options.object, compression.level, file?.size) : options.object;
  const ctx = await openUpload(env, destinationText, { ...options, object }, {
    fileName: file?.kind === "file" ? file.path : void 0,
    singleRequest: plan?.singleRequest ?? false
  });
  try {
    let outcome;
    if (file && plan)
      outcome = await uploadFile(ctx, file, plan);
    else
      outcome = await uploadStream(ctx, stream, streamPart);
    const lesson = outcome.checksum.lesson(ctx.asked);
    if (lesson)
      env.learnedChecksums.set(ctx.target.origin, lesson);
    return resultOf(ctx, outcome);
  } catch (error) {
    if (ctx.state.stopReason === "cancelled" && !saysWhatIsStored(error))
      throw cancelledByCaller(ctx.keptFor);
    throw error;
  } finally {
    ctx.close();
  }
}
function saysWhatIsStored(error) {
  return error instanceof PartpushError && (error.code === "PARTPUSH_OUTCOME_UNKNOWN" || error.code === "PARTPUSH_CHECKSUM_MISMATCH" || error.code === "PARTPUSH_SOURCE_CHANGED");
}

// dist/src/create-uploader.js
function createUploader(options = {}) {
  const pool = resolvePoolOptions(options);
  const defaults = resolveTransferOptions(options);
  const thread = createThreadContext();
  const runner = pool.mode === "workers" ? new WorkerPoolRunner(pool) : new InlineRunner(pool, thread);
  const scheduler = new PartScheduler({ maxPartsInFlight: pool.maxPartsInFlight, maxBytesInFlight: pool.maxBytesInFlight });
  const running = /* @__PURE__ */ new Map();
  let closing;
  const env = {
    runner,
    learnedChecksums: /* @__PURE__ */ new Map(),
    scheduler,
    workers: pool.workers,
    streamsPerWorker: pool.streamsPerWorker,
    thread,
    credentials: sharedCredentials(),
    negotiate: sharedProtocols(),
    bandwidth: pool.bwlimit === void 0 ? void 0 : BandwidthCap.create(pool.bwlimit)
  };
  const resolve3 = (overrides) => {
    if (closing)
      throw new PartpushError("PARTPUSH_CLOSED", "this uploader is closed; create a new one with createUploader()");
    return Object.keys(overrides).length === 0 ? defaults : resolveTransferOptions({ ...options, ...overrides });
  };
  const uploader = {
    ...storeReads(env, resolve3),
    async upload(source, destination, overrides = {}) {
      const transfer = resolve3(overrides);
      const canceller = new AbortController();
      const cancel = () => canceller.abort();
      if (transfer.signal?.aborted)
        cancel();
      transfer.signal?.addEventListener("abort", cancel, { once: true });
      try {
        const upload = uploadObject(env, source, destination, { ...transfer, signal: canceller.signal });
        running.set(canceller, upload);
        return await upload;
      } finally {
        transfer.signal?.removeEventListener("abort", cancel);
        running.delete(canceller);
      }
    },
    close() {
      closing ??= (async () => {
        for (const canceller of running.keys())
          canceller.abort();
        await Promise.allSettled(running.values());
        await runner.close();
        await thread.sessions.close();
      })();
      return closing;
    },
    async fileCrc32c(path) {
      resolve3({});
      return crc32cToBase64(await runner.checksumFile(path));
    },
    stats() {
      return { workerThreadIds: runner.threadIds, partsInFlight: scheduler.partsInFlight, uploadsRunning: running.size };
    },
    [Symbol.asyncDispose]() {
      return uploader.close();
    }
  };
  return uploader;
}

// dist/src/cli/tree/dry-run-lines.js
function dryRunEntries(planned, send, skipped, excluded) {
  const sending = new Set(send.map((t) => t.source));
  const why = new Map(skipped.map((s) => [s.source, s.reason]));
  return planned.map((t) => {
    if (excluded.has(t))
      return { source: t.source, action: "exclude" };
    if (sending.has(t.source))
      return { source: t.source, destination: t.destination, action: "upload" };
    return { source: t.source, destination: t.destination, action: "skip", reason: why.get(t.source) };
  });
}
function dryRunLine(entry) {
  if (entry.action === "exclude")
    return `would exclude ${entry.source}`;
  const line = `would ${entry.action} ${entry.source} -> ${entry.destination}`;
  return entry.reason ? `${line} (${entry.reason})` : line;
}

// dist/src/cli/cp/cp-flags.js
import { readFile } from "node:fs/promises";

// dist/src/cli/tree/transfer-filters.js
var import_picomatch = __toESM(require_picomatch2(), 1);
function filtersOf(tokens) {
  const filters = [];
  for (const token of tokens) {
    if (token.kind === "option" && (token.name === "exclude" || token.name === "include") && token.value !== void 0) {
      if (token.value === "")
        throw new UsageError(`--${token.name} needs a pattern, such as '*.log' or 'build/*'`, "cp");
      filters.push({ kind: token.name, pattern: token.value });
    }
  }
  return filters;
}
function makeFilter(filters) {
  if (filters.length === 0)
    return () => true;
  const matchers = filters.map((f) => ({
    include: f.kind === "include",
    matches: (0, import_picomatch.default)(f.pattern, { bash: true, dot: true, posix: true })
  }));
  return (relative) => {
    let included = true;
    for (const m of matchers)
      if (m.matches(relative))
        included = m.include;
    return included;
  };
}

// dist/src/cli/cp/cp-flags.js
function parseCpArguments(argv, command = "cp") {
  const parsed = parseFlags(argv.map((a) => a === "-R" ? "-r" : a), CP_FLAGS, command);
  const values = parsed.values;
  if (values.help)
    return "help";
  if (values.dryrun)
    values["dry-run"] = true;
  const { positionals, journal } = splitResumeJournal(parsed.tokens);
  if (command === "sync" && positionals.length !== 2) {
    throw new UsageError(`sync takes a directory and a destination prefix (DEST/), got ${positionals.length} argument(s)`, "sync");
  }
  if (positionals.length < 2) {
    throw new UsageError(`cp takes a source (a file, "-" for stdin, or a directory with -r) and a destination, got ${positionals.length} argument(s)`, "cp");
  }
  const sources = positionals.slice(0, -1);
  const destination = positionals.at(-1);
  refuseDownload(sources, destination, command);
  refuseContradictions(values, sources, command);
  return { values, sources, destination, journal, filters: filtersOf(parsed.tokens) };
}
function refuseDownload(sources, destination, command) {
  const remote = sources.find((s) => /^(s3|gs):\/\//i.test(s));
  if (remote === void 0)
    return;
  const tool = remote.toLowerCase().startsWith("gs") ? "gcloud storage cp" : "aws s3 cp";
  const local = /^(s3|gs):\/\//i.test(destination) ? "" : ` ${destination}`;
  throw new UsageError(`${remote} is in a store, and partpush only uploads (local files to s3:// or gs://); to download it, use e.g. ${tool} ${remote}${local}`, command);
}
var CP_FLAGS = {
  endpoint: { type: "string" },
  region: { type: "string" },
  mode: { type: "string" },
  workers: { type: "string" },
  streams: { type: "string" },
  connections: { type: "string" },
  "worker-nice": { type: "string" },
  "part-size": { type: "string" },
  compress: { type: "string" },
  "expected-size": { type: "string" },
  http: { type: "string" },
  checksum: { type: "string" },
  "content-type": { type: "string" },
  "cache-control": { type: "string" },
  metadata: { type: "string", multiple: true },
  "storage-class": { type: "string" },
  "no-clobber": { type: "boolean", short: "n" },
  exclude: { type: "string", multiple: true },
  include: { type: "string", multiple: true },
  "dry-run": { type: "boolean" },
  dryrun: { type: "boolean" },
  profile: { type: "string" },
  bwlimit: { type: "string" },
  recursive: { type: "boolean", short: "r" },
  "follow-symlinks": { type: "boolean" },
  resume: { type: "boolean" },
  "keep-stale-upload": { type: "boolean" },
  "no-auth": { type: "boolean" },
  ca: { type: "string" },
  insecure: { type: "boolean" },
  proxy: { type: "string" },
  "proxy-ca": { type: "string" },
  "no-proxy": { type: "boolean" },
  json: { type: "boolean" },
  verbose: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" }
};
function refuseContradictions(values, sources, command) {
  if (values.quiet && values.verbose)
    throw new UsageError("--quiet and --verbose exclude each other", "cp");
  if (values.proxy !== void 0 && values["no-proxy"])
    throw new UsageError("--proxy and --no-proxy exclude each other", "cp");
  if (values.insecure && values.ca !== void 0) {
    throw new UsageError("--insecure turns off the certificate check that --ca sets up: give one of the two", "cp");
  }
  if (values.mode === "inline" && values.workers !== void 0) {
    throw new UsageError("--workers sizes the worker pool, and --mode inline has none (it sends from the main thread): drop one of the two", "cp");
  }
  if (values["expected-size"] !== void 0 && !sources.includes("-")) {
    throw new UsageError("--expected-size sizes the parts of a stream (cp - DEST); a file has a size of its own: drop it", "cp");
  }
  const several = command === "sync" || values.recursive === true || sources.length > 1;
  if (several && values.resume)
    throw new UsageError("--resume takes one file; upload the files one by one to resume them", command);
  if (values["keep-stale-upload"] && !values.resume) {
    throw new UsageError("--keep-stale-upload keeps the upload a resume journal names: add --resume, or drop it", command);
  }
  if (command === "sync" && values["no-clobber"]) {
    throw new UsageError("sync replaces the objects whose files changed, and --no-clobber keeps them: for that, use cp -r -n", "sync");
  }
  if (command === "sync" && values.compress !== void 0) {
    throw new UsageError("sync compares files with objects by size and CRC32C, which a compressed object does not keep: use cp -r --compress", "sync");
  }
  const filtered = values.exclude !== void 0 || values.include !== void 0;
  if (filtered && !several)
    throw new UsageError("--exclude and --include choose among several files: add -r, or name the files", command);
}
async function uploadOptionsOf(values, journal) {
  return {
    endpoint: values.endpoint,
    region: values.region,
    mode: values.mode,
    workers: integerFlag(values.workers, "--workers"),
    streamsPerWorker: autoOrInteger(values.streams, "--streams"),
    connections: autoOrInteger(values.connections, "--connections"),
    workerNice: integerFlag(values["worker-nice"], "--worker-nice"),
    partSize: values["part-size"],
    compress: values.compress === void 0 ? void 0 : parseCompressFlag(values.compress),
    expectedSize: values["expected-size"],
    http: values.http,
    checksum: values.checksum,
    contentType: values["content-type"],
    cacheControl: values["cache-control"],
    metadata: metadataFlags(values.metadata),
    storageClass: values["storage-class"],
    ifNotExists: values["no-clobber"],
    resume: values.resume ? journal ?? true : void 0,
    keepStaleUpload: values["keep-stale-upload"],
    auth: values["no-auth"] ? "none" : "auto",
    ca: values.ca === void 0 ? void 0 : await readCa(values.ca, "--ca"),
    proxyCa: values["proxy-ca"] === void 0 ? void 0 : await readCa(values["proxy-ca"], "--proxy-ca"),
    insecure: values.insecure,
    proxy: values["no-proxy"] ? false : values.proxy,
    bwlimit: values.bwlimit,
    env: values.profile === void 0 ? void 0 : { ...process.env, AWS_PROFILE: values.profile }
  };
}
function metadataFlags(pairs) {
  if (!pairs)
    return void 0;
  const metadata = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw new UsageError(`--metadata takes KEY=VALUE, got "${pair}"`, "cp");
    metadata[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return metadata;
}
function splitResumeJournal(tokens) {
  const positionals = tokens.filter((t) => t.kind === "positional");
  const resumeAt = tokens.findIndex((t) => t.kind === "option" && t.name === "resume");
  const next = resumeAt >= 0 ? tokens[resumeAt + 1] : void 0;
  if (positionals.length === 3 && next?.kind === "positional") {
    return { positionals: positionals.filter((t) => t !== next).map((t) => t.value), journal: next.value };
  }
  return { positionals: positionals.map((t) => t.value) };
}
function autoOrInteger(value, flag) {
  if (value === "auto")
    return value;
  if (value !== void 0 && !/^-?\d+$/.test(value))
    throw new UsageError(`${flag} takes "auto" or a whole number, got "${value}"`, "cp");
  return integerFlag(value, flag);
}
function integerFlag(value, flag) {
  if (value === void 0)
    return void 0;
  if (!/^-?\d+$/.test(value))
    throw new UsageError(`${flag} takes a whole number, got "${value}"`, "cp");
  return Number(value);
}
async function readCa(path, flag) {
  let pem;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`${flag} ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`, "cp");
  }
  if (!holdsPemCertificate(pem)) {
    throw new UsageError(`${flag} ${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line); give the CA's certificate in PEM form`, "cp");
  }
  return pem;
}

// dist/src/cli/cp/describe-event.js
function describeEvent(event) {
  switch (event.type) {
    case "protocol":
      return `${event.protocol} to ${event.origin} (${event.why ? `HTTP/1.1 instead of HTTP/2: ${event.why}` : HOW[event.how]})${event.proxy ? `, through the proxy ${event.proxy}` : ""}`;
    case "link":
      return describeLink(event);
    case "lanes":
      return `parts in flight: ${event.lanes} (${event.why})`;
    case "initiated":
      return `multipart upload started: ${event.uploadId}`;
    case "resumed":
      return `resuming multipart upload ${event.uploadId}: ${event.partsReused} part${event.partsReused === 1 ? "" : "s"} already stored`;
    case "retry":
      return `${event.what}: ${cause(event)}; attempt ${event.attempt + 1} of ${event.maxAttempts} in ${seconds(event.delayMs)}`;
    case "connection":
      return `connection to ${event.origin} ${event.change === "connected" ? "opened" : "closed"} (thread ${event.threadId})${event.reason ? `: ${event.reason}` : ""}`;
    case "fallback":
      return event.from === "full-object" ? `the store refused a whole-object CRC32C (${event.reason}); the parts' CRC32C still travel (${event.to})` : `the store refused the CRC32C ${event.from === "crc32c" ? "sent while sending" : "in a header"} (${event.reason}); sending ${event.to === "none" ? "without a checksum" : "the CRC32C in a header"} instead`;
    case "completed":
      return event.etag === "" ? "completed (the store sent no ETag)" : `completed, ETag ${event.etag}`;
    case "aborted":
      return `multipart upload ${event.uploadId} aborted`;
  }
}
function describeLink(event) {
  const measured = event.rttMs === void 0 ? "round trip not measured" : `round trip ${event.rttMs.toFixed(1)} ms (${TIMED_BY[event.timedBy ?? "first-answer"]})`;
  const granted = event.initialWindowSize === void 0 ? "" : `; the server granted a ${formatSize(event.initialWindowSize)} stream window and ${event.maxConcurrentStreams ?? "unlimited"} streams per session`;
  const per = event.connectionsPerThread === 1 ? "connection" : "connections";
  return `${measured}${granted}; ${event.streamsPerThread} parts in flight over ${event.connectionsPerThread} ${per} per thread \xD7 ${event.threads} (connections ${event.chosen === "auto" ? "auto" : "as asked"})`;
}
var TIMED_BY = { ping: "HTTP/2 PING", "tls-handshake": "TLS 1.3 handshake", "first-answer": "the first answer" };
function retryNote(event) {
  return `retrying ${event.what}: ${cause(event)}, attempt ${event.attempt + 1} in ${seconds(event.delayMs)}`;
}
var HOW = {
  alpn: "chosen by TLS ALPN",
  forced: "as --http asks",
  cleartext: "cleartext HTTP/1.1",
  "h2c-probe": "the server answered the HTTP/2 preface: h2c",
  "round-trip": "HTTP/1.1 instead of HTTP/2, for the round trip",
  proxy: "cleartext HTTP/1.1, as a forward proxy relays it"
};
function cause(event) {
  if (event.status !== void 0)
    return `${event.status}${event.serviceCode ? ` ${event.serviceCode}` : ""}`;
  return event.causeCode ?? event.code;
}
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}

// dist/src/cli/cp/interrupts.js
var ABORT_GRACE_MS = 2e4;
var SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
var Interrupts = class {
  controller = new AbortController();
  /** The first signal received, which gives the exit code. */
  #received;
  /** Multipart uploads started and not yet completed or aborted, by id. */
  #open = /* @__PURE__ */ new Map();
  #say;
  #graceMs;
  #deadline;
  #onSignal = (signal) => this.#handle(signal);
  constructor(say, graceMs = ABORT_GRACE_MS) {
    this.#say = say;
    this.#graceMs = graceMs;
    for (const signal of SIGNALS)
      process.on(signal, this.#onSignal);
  }
  /** Follows which multipart uploads are open, from the uploads' events. */
  track(event) {
    if (event.type === "initiated" || event.type === "resumed")
      this.#open.set(event.uploadId, event);
    else if (event.type === "completed" || event.type === "aborted")
      this.#open.delete(event.uploadId);
  }
  /** 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP (128 + the signal's number), as shells report them. */
  get exitCode() {
    return this.#received === "SIGTERM" ? 143 : this.#received === "SIGHUP" ? 129 : 130;
  }
  dispose() {
    clearTimeout(this.#deadline);
    for (const signal of SIGNALS)
      process.off(signal, this.#onSignal);
  }
  #handle(signal) {
    if (this.#received) {
      this.#say(`${signal} again: still aborting the started uploads (at most ${this.#graceMs / 1e3} s), so that none is left open`);
      return;
    }
    this.#received = signal;
    this.controller.abort();
    this.#deadline = setTimeout(() => this.#giveUp(), this.#graceMs);
  }
  #giveUp() {
    for (const [uploadId, { destination, origin }] of this.#open)
      this.#say(stillOpen(uploadId, destination, origin));
    this.#say(`the aborts did not finish within ${this.#graceMs / 1e3} s; exiting`);
    process.exit(this.exitCode);
  }
};
function stillOpen(uploadId, destination, origin) {
  const { scheme, bucket, key } = splitDestination(destination);
  const path = `${bucket}/${encodeURIComponent(key).replace(/%2F/g, "/")}?uploadId=${encodeURIComponent(uploadId)}`;
  const endpoint = /\.amazonaws\.com(\.cn)?$/.test(new URL(origin).hostname) ? "" : ` --endpoint-url ${quote(origin)}`;
  const command = scheme === "s3" ? `aws s3api abort-multipart-upload${endpoint} --bucket ${quote(bucket)} --key ${quote(key)} --upload-id ${quote(uploadId)}` : `curl -X DELETE -H "Authorization: Bearer $(gcloud auth print-access-token)" ${quote(`${origin}/${path}`)}`;
  return `multipart upload ${uploadId} of ${destination} may still be open; abort it with: ${command}`;
}
function splitDestination(destination) {
  const match = /^(\w+):\/\/([^/]+)\/(.*)$/.exec(destination);
  return { scheme: match?.[1] ?? "", bucket: match?.[2] ?? "", key: match?.[3] ?? "" };
}
function quote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// dist/src/cli/cp/plan-transfers.js
import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { realpath, stat as stat4 } from "node:fs/promises";
import { basename, join as join2 } from "node:path";

// dist/src/cli/tree/file-stamp.js
import { stat as stat3 } from "node:fs/promises";
function stampOf(info) {
  return { size: Number(info.size), mtimeNs: String(info.mtimeNs), ctimeNs: String(info.ctimeNs), ino: String(info.ino) };
}
async function fileStamp(path) {
  return stampOf(await stat3(path, { bigint: true }));
}
function sameStamp(a, b) {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}
function settledStamp(stamp, walkStartedMs) {
  const ctime = BigInt(stamp.ctimeNs);
  const margin = ctime % NS_PER_SECOND === 0n ? SECONDS_GRAIN_MARGIN_NS : TICK_MARGIN_NS;
  return ctime < BigInt(Math.floor(walkStartedMs)) * 1000000n - margin;
}
var NS_PER_SECOND = 1000000000n;
var TICK_MARGIN_NS = 100000000n;
var SECONDS_GRAIN_MARGIN_NS = 2000000000n;

// dist/src/cli/cp/plan-transfers.js
async function planTransfers(sources, destination, options) {
  const prefix = prefixOf(destination, options.recursive || sources.length > 1);
  const transfers = [];
  const skipped = [];
  const unreadable2 = [];
  for (const source of sources) {
    const info = await stat4(source).catch(() => void 0);
    if (options.recursive) {
      if (info && !info.isDirectory()) {
        throw new UsageError(options.sync ? `sync takes a directory, and ${source} is a file: upload it with partpush cp ${source} DEST` : `-r takes directories, and ${source} is a file: drop -r to upload files`, options.sync ? "sync" : "cp");
      }
      if (!info)
        throw new UsageError(`cannot read ${source}: no such directory`, "cp");
      await walk(source, "", prefix, options, { transfers, skipped, unreadable: unreadable2, looked: 0 }, /* @__PURE__ */ new Set([await realpath(source)]));
      continue;
    }
    if (info?.isDirectory())
      throw new UsageError(`${source} is a directory: add -r (--recursive) to upload every file under it`, "cp");
    transfers.push({
      source,
      destination: prefix === void 0 ? destination : prefix + basename(source),
      size: info?.size ?? 0,
      relative: basename(source)
    });
  }
  const seen = /* @__PURE__ */ new Map();
  for (const t of transfers) {
    const earlier = seen.get(t.destination);
    if (earlier !== void 0)
      throw new UsageError(`${earlier} and ${t.source} would both be uploaded to ${t.destination}; upload them separately`, "cp");
    seen.set(t.destination, t.source);
  }
  return { transfers, skipped, unreadable: unreadable2, prefix };
}
function prefixOf(destination, several) {
  if (/^[a-zA-Z0-9]+:\/\/[^/]+$/.test(destination))
    return `${destination}/`;
  if (destination.endsWith("/"))
    return destination;
  return several ? `${destination}/` : void 0;
}
var LOOKS_AT_ONCE = 256;
async function walk(dir, relativeDir, prefix, options, found, visited) {
  const { transfers, skipped, unreadable: unreadable2 } = found;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  } catch (error) {
    unreadable2.push({ path: dir, reason: unreadableReason(error) });
    return;
  }
  for (const entry of entries) {
    if (++found.looked % LOOKS_AT_ONCE === 0)
      await new Promise(setImmediate);
    const path = join2(dir, entry.name);
    const rel = relativeDir === "" ? entry.name : `${relativeDir}/${entry.name}`;
    let info;
    try {
      info = lookAt(path, entry.isSymbolicLink(), options);
    } catch (error) {
      unreadable2.push({ path, reason: unreadableReason(error) });
      continue;
    }
    if (!info) {
      skipped.push(path);
    } else if (info.isDirectory()) {
      const real = realpathSync(path);
      if (visited.has(real)) {
        skipped.push(path);
        continue;
      }
      await walk(path, rel, prefix, options, found, /* @__PURE__ */ new Set([...visited, real]));
    } else if (info.isFile()) {
      transfers.push({ source: path, destination: prefix + rel, size: Number(info.size), relative: rel, stamp: stampOf(info) });
    } else {
      skipped.push(path);
    }
  }
}
function lookAt(path, link, options) {
  if (!link)
    return lstatSync(path, { bigint: true });
  if (!options.followSymlinks)
    return void 0;
  try {
    return statSync(path, { bigint: true });
  } catch {
    return void 0;
  }
}
function unreadableReason(error) {
  const code = error.code;
  if (code === "EACCES" || code === "EPERM")
    return "permission denied";
  if (code === "ENOENT")
    return "it vanished as the directory was read, or its name is not valid UTF-8";
  return error.message;
}

// dist/src/cli/cp/progress-bar.js
var MiB2 = 1024 * 1024;
function renderProgress(progress, columns, note, counting = "parts", cap) {
  const width = Math.max(columns - 1, 1);
  const rateText = formatRate(progress.bytesPerSecond) + (cap === void 0 ? "" : ` (cap ${formatRate(cap)})`);
  if (!progress.totalKnown) {
    const line2 = `${formatSize(progress.bytesSent)} sent ${rateText} ${counting} ${progress.partsSent}/${progress.partCount}+`;
    return (note && line2.length + 2 < width ? `${line2}  ${note}` : line2).slice(0, width);
  }
  const fraction = progress.totalBytes > 0 ? progress.bytesSent / progress.totalBytes : 1;
  const rate2 = progress.bytesPerSecond;
  const eta = rate2 > 0 ? (progress.totalBytes - progress.bytesSent) / rate2 : Number.NaN;
  const bytes = `${formatSize(progress.bytesSent)} / ${formatSize(progress.totalBytes)}`;
  const share = `${(fraction * 100).toFixed(0).padStart(3)}%`;
  const figures = `${share} ${rateText} ETA ${formatDuration(eta)} ${counting} ${progress.partsSent}/${progress.partCount}`;
  const noteRoom = note ? note.length + 2 : 0;
  const barRoom = Math.min(30, width - bytes.length - figures.length - " [] ".length - noteRoom);
  const line = [
    barRoom >= 5 ? `${bytes} [${bar(fraction, barRoom)}] ${figures}` : void 0,
    `${bytes} ${figures}`,
    figures.trimStart(),
    `${share.trimStart()} ETA ${formatDuration(eta)}`
  ].find((candidate) => candidate !== void 0 && candidate.length <= width) ?? share.trimStart();
  return (note && line.length + 2 < width ? `${line}  ${note}` : line).slice(0, width);
}
function bar(fraction, width) {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${"#".repeat(filled)}${".".repeat(width - filled)}`;
}
function formatRate(bytesPerSecond) {
  return `${(bytesPerSecond / MiB2).toFixed(1)} MiB/s`;
}
function capText(cap) {
  return cap === void 0 ? "" : `, cap ${formatRate(cap)}`;
}
function formatDuration(seconds2) {
  if (!Number.isFinite(seconds2))
    return "--:--";
  const s = Math.ceil(seconds2);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s % 3600 / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}
var ProgressLine = class {
  #note;
  #last;
  #counting = "parts";
  #stream;
  /** The --bwlimit cap in bytes per second, shown beside the rate. */
  #cap;
  constructor(stream, cap) {
    this.#stream = stream;
    this.#cap = cap;
  }
  /** `counting`: what partsDone and partCount count (parts of one upload, or files of a set). */
  update(progress, counting = "parts") {
    this.#last = progress;
    this.#counting = counting;
    const note = this.#note && Date.now() < this.#note.until ? this.#note.text : void 0;
    this.#stream.write(`\r${renderProgress(progress, this.#stream.columns || 100, note, counting, this.#cap)}\x1B[K`);
  }
  /** Shows `text` after the figures for a few seconds (a retry: a run that is retrying must not look frozen). */
  note(text, forMs = 1e4) {
    this.#note = { text, until: Date.now() + forMs };
    if (this.#last)
      this.update(this.#last, this.#counting);
  }
  clear() {
    this.#stream.write("\r\x1B[K");
  }
};

// dist/src/cli/tree/read-ahead.js
function readAhead2(source, ahead) {
  const waiting = [];
  let ended = false;
  const pull = () => {
    while (!ended && waiting.length < ahead) {
      const next = source.next();
      next.then((r) => {
        if (r.done)
          ended = true;
      }, () => {
        ended = true;
      });
      waiting.push(next);
    }
  };
  pull();
  return (async function* () {
    try {
      while (waiting.length > 0) {
        const result = await waiting.shift();
        if (result.done)
          return;
        pull();
        yield result.value;
      }
    } finally {
      await source.return?.();
    }
  })();
}

// dist/src/cli/tree/sync-record.js
import { createHash as createHash3 } from "node:crypto";
import { mkdirSync as mkdirSync3, readFileSync as readFileSync4, renameSync, writeFileSync as writeFileSync3 } from "node:fs";
import { homedir as homedir2 } from "node:os";
import { dirname as dirname3, join as join3, resolve as resolve2 } from "node:path";
var VERSION = 1;
function bareEtag(etag) {
  return etag.replace(/^(W\/)?"(.*)"$/, "$2");
}
var SyncRecord = class _SyncRecord {
  path;
  #files;
  constructor(path, files) {
    this.path = path;
    this.#files = files;
  }
  static pathFor(directory, destination, endpoint, env) {
    const state = env.XDG_STATE_HOME || join3(homedir2(), ".local", "state");
    const id = createHash3("sha256").update(`${resolve2(directory)}
${destination}
${endpoint ?? ""}`).digest("hex").slice(0, 20);
    return join3(state, "partpush", "sync", `${id}.jsonl`);
  }
  /** The record at `path`; an empty one if there is none or it cannot be read. */
  static load(path) {
    const files = /* @__PURE__ */ new Map();
    let text = "";
    try {
      text = readFileSync4(path, "utf8");
    } catch {
      return new _SyncRecord(path, files);
    }
    const lines = text.split("\n");
    try {
      if (JSON.parse(lines[0]).version !== VERSION)
        return new _SyncRecord(path, files);
      for (const line of lines.slice(1)) {
        if (line === "")
          continue;
        const [destination, size, mtimeNs, ctimeNs, ino, crc32c2, etag] = JSON.parse(line);
        files.set(destination, { size, mtimeNs, ctimeNs, ino, crc32c: crc32c2, etag });
      }
    } catch {
      files.clear();
    }
    return new _SyncRecord(path, files);
  }
  get(destination) {
    return this.#files.get(destination);
  }
  /** Writes `files` (this sync's) in place of the record, through a rename: a crash leaves the old one or the new one. */
  static save(path, files) {
    const lines = [JSON.stringify({ version: VERSION })];
    for (const [destination, f] of files)
      lines.push(JSON.stringify([destination, f.size, f.mtimeNs, f.ctimeNs, f.ino, f.crc32c, bareEtag(f.etag)]));
    mkdirSync3(dirname3(path), { recursive: true, mode: 448 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync3(temporary, `${lines.join("\n")}
`, { mode: 384 });
    renameSync(temporary, path);
  }
};

// dist/src/cli/tree/select-changed.js
var LOOKS_IN_FLIGHT = 64;
async function selectChanged(look, transfers, listing) {
  const byDestination = new Map(transfers.map((t) => [t.destination, t]));
  const listed = /* @__PURE__ */ new Map();
  for await (const page of listing) {
    for (const o of page)
      if (byDestination.get(o.destination)?.size === o.size)
        listed.set(o.destination, bareEtag(o.etag));
  }
  const costs = { read: 0, fromRecord: 0, heads: 0 };
  const lookAt2 = async (t) => {
    const stamp = t.stamp ?? await fileStamp(t.source);
    const recorded = look.record.get(t.destination);
    const known = recorded !== void 0 && sameStamp(recorded, stamp);
    if (known)
      costs.fromRecord++;
    else
      costs.read++;
    const crc32c2 = known ? recorded.crc32c : await look.fileCrc32c(t.source).catch(() => void 0);
    if (crc32c2 === void 0)
      return { send: { ...t, stamp } };
    const etag = listed.get(t.destination);
    if (etag === void 0)
      return { send: { ...t, crc32c: crc32c2, stamp } };
    let stored;
    if (recorded?.etag === etag)
      stored = recorded.crc32c;
    else {
      costs.heads++;
      const info = await look.reads.stat(t.destination);
      stored = info?.crc32c ?? info?.recordedCrc32c;
    }
    return stored === crc32c2 ? { kept: { ...stamp, crc32c: crc32c2, etag } } : { send: { ...t, crc32c: crc32c2, stamp } };
  };
  const verdicts = new Array(transfers.length);
  let next = 0;
  const worker = async () => {
    while (next < transfers.length) {
      const index = next++;
      verdicts[index] = await lookAt2(transfers[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKS_IN_FLIGHT, transfers.length) }, worker));
  const selection = { send: [], skipped: [], unchanged: /* @__PURE__ */ new Map(), costs };
  transfers.forEach((t, i) => {
    const verdict = verdicts[i];
    if (verdict.send)
      selection.send.push(verdict.send);
    else {
      selection.skipped.push({ source: t.source, destination: t.destination, reason: "unchanged" });
      selection.unchanged.set(t.destination, verdict.kept);
    }
  });
  return selection;
}

// dist/src/cli/tree/sync-look.js
async function syncLook(uploader, reads, listing, planned, where, say) {
  const path = SyncRecord.pathFor(where.directory, where.prefix, where.endpoint, where.env);
  const look = { reads, fileCrc32c: (file) => uploader.fileCrc32c(file), record: SyncRecord.load(path) };
  const selection = await selectChanged(look, planned, listing);
  const { read: read2, fromRecord, heads } = selection.costs;
  say?.(`sync: ${read2} file(s) read for their CRC32C, ${fromRecord} unchanged since the last sync (${path}), ${heads} HEAD(s)`);
  return {
    selection,
    record(files) {
      const next = /* @__PURE__ */ new Map();
      for (const [destination, kept] of selection.unchanged)
        if (settledStamp(kept, where.walkStartedMs))
          next.set(destination, kept);
      const sent = new Map(selection.send.map((t) => [t.destination, t]));
      for (const f of files) {
        const t = sent.get(f.destination);
        const crc32c2 = f.result?.crc32c ?? t?.crc32c;
        if (!f.result || !t || crc32c2 === void 0 || !settledStamp(t.stamp, where.walkStartedMs))
          continue;
        next.set(f.destination, { ...t.stamp, crc32c: crc32c2, etag: f.result.etag });
      }
      try {
        SyncRecord.save(path, next);
        return void 0;
      } catch (error) {
        return `cannot save the sync record ${path} (${error.message}); the next sync reads every file again. Set XDG_STATE_HOME to a writable directory`;
      }
    }
  };
}

// dist/src/cli/tree/set-summary.js
var SUMMARY_COLUMNS = 80;
function setSummary(report, destination, counts, cap) {
  const rate2 = report.seconds > 0 ? report.bytes / report.seconds : 0;
  const head = `uploaded ${report.uploaded} file${report.uploaded === 1 ? "" : "s"} (${formatSize(report.bytes)})`;
  const tail = ` in ${report.seconds.toFixed(2)} s (${formatRate(rate2)}${capText(cap)})` + skippedText(counts.skipped, report.skipped) + (counts.excluded > 0 ? `; ${counts.excluded} excluded` : "") + (report.failed > 0 ? `; ${report.failed} failed` : "") + ((counts.unreadable ?? 0) > 0 ? `; ${counts.unreadable} unreadable` : "") + (counts.links > 0 ? `; ${counts.links} link(s) not followed` : "");
  const named = `${head} to ${destination}${tail}`;
  return named.length <= SUMMARY_COLUMNS ? named : `${head}${tail}`;
}
function skippedText(skipped, racers) {
  const exist = skipped.filter((s) => s.reason === "exists").length + racers;
  const unchanged = skipped.length - (exist - racers);
  return (exist > 0 ? `; ${exist} skipped (exist)` : "") + (unchanged > 0 ? `; ${unchanged} unchanged` : "");
}

// dist/src/cli/tree/skip-existing.js
async function skipExisting(reads, transfers, prefix, listing) {
  const existing = /* @__PURE__ */ new Set();
  if (prefix === void 0 || transfers.length === 1 && !listing) {
    for (const t of transfers)
      if (await reads.stat(t.destination))
        existing.add(t.destination);
  } else {
    const wanted = new Set(transfers.map((t) => t.destination));
    for await (const page of listing ?? reads.list(prefix))
      for (const o of page)
        if (wanted.has(o.destination))
          existing.add(o.destination);
  }
  const selection = { send: [], skipped: [] };
  for (const t of transfers) {
    if (existing.has(t.destination))
      selection.skipped.push({ source: t.source, destination: t.destination, reason: "exists" });
    else
      selection.send.push(t);
  }
  return selection;
}

// dist/src/cli/cp/run-transfers.js
async function runTransfers(uploader, transfers, options) {
  const started = performance.now();
  const outcomes = new Array(transfers.length);
  const tally = new SetProgress(transfers, started, options.progress);
  const cancel = () => {
    void uploader.close();
  };
  options.signal.addEventListener("abort", cancel, { once: true });
  let next = 0;
  const worker = async () => {
    while (next < transfers.length && !options.signal.aborted) {
      const index = next++;
      const { source, destination, crc32c: crc32c2 } = transfers[index];
      try {
        const result = await uploader.upload(source, destination, {
          onProgress: options.progress ? (p) => tally.sent(index, p.bytesSent) : void 0,
          ...crc32c2 === void 0 ? {} : { metadata: { ...options.metadata, [RECORDED_CRC32C]: crc32c2 } }
        });
        outcomes[index] = { source, destination, result };
        tally.uploaded(result.size);
      } catch (error) {
        const typed = error instanceof PartpushError ? error : void 0;
        if (typed?.code === "PARTPUSH_PRECONDITION_FAILED") {
          outcomes[index] = { source, destination, skipped: "exists" };
          continue;
        }
        outcomes[index] = {
          source,
          destination,
          error: { code: typed?.code ?? "PARTPUSH_UNEXPECTED", message: error?.message ?? String(error) }
        };
        const cancelled2 = options.signal.aborted && (typed?.code === "PARTPUSH_ABORTED" || typed?.code === "PARTPUSH_CLOSED");
        if (!cancelled2)
          options.onFailure(outcomes[index]);
      } finally {
        tally.finished(index);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.filesInFlight, transfers.length) }, worker));
  } finally {
    tally.stop();
    options.signal.removeEventListener("abort", cancel);
  }
  const files = outcomes.filter((o) => o !== void 0);
  const uploaded = files.filter((o) => o.result).length;
  const skipped = files.filter((o) => o.skipped).length;
  return {
    files,
    uploaded,
    failed: files.length - uploaded - skipped,
    skipped,
    bytes: files.reduce((n, o) => n + (o.result?.size ?? 0), 0),
    seconds: (performance.now() - started) / 1e3
  };
}
var SetProgress = class {
  #sentBy = /* @__PURE__ */ new Map();
  #sentByFinished = 0;
  #finished = 0;
  #timer;
  constructor(transfers, started, progress) {
    const totalBytes = transfers.reduce((n, t) => n + t.size, 0);
    const draw = () => {
      let bytesSent = this.#sentByFinished;
      for (const n of this.#sentBy.values())
        bytesSent += n;
      const seconds2 = (performance.now() - started) / 1e3;
      const partCount = transfers.length;
      const bytesPerSecond = seconds2 > 0 ? bytesSent / seconds2 : 0;
      progress.update({
        bytesSent,
        totalBytes,
        totalKnown: true,
        partsDone: this.#finished,
        partsSent: this.#finished,
        partCount,
        bytesPerSecond,
        seconds: seconds2
      }, "files");
    };
    this.#timer = progress ? setInterval(draw, 250).unref() : void 0;
  }
  sent(index, bytes) {
    this.#sentBy.set(index, bytes);
  }
  uploaded(size) {
    this.#sentByFinished += size;
  }
  finished(index) {
    this.#sentBy.delete(index);
    this.#finished++;
  }
  stop() {
    clearInterval(this.#timer);
  }
};

// dist/src/cli/cp/upload-set.js
var FILES_IN_FLIGHT = 32;
var PAGES_AHEAD = 16;
async function uploadSet(out, options, sync) {
  const { values, sources, destination } = out.args;
  const recursive = sync || values.recursive === true;
  const uploader = createUploader({ ...options, signal: void 0 });
  const signal = options.signal;
  const reads = {
    list: (prefix) => uploader.list(prefix, { signal }),
    stat: (key) => uploader.stat(key, { signal })
  };
  const listedPrefix = prefixOf(destination, recursive || sources.length > 1);
  const listing = listedPrefix !== void 0 && recursive && (sync || values["no-clobber"] === true) ? readAhead2(reads.list(listedPrefix), PAGES_AHEAD) : void 0;
  let selection;
  let syncing;
  let report;
  let plan;
  let excluded;
  const walkStartedMs = Date.now();
  try {
    plan = await planTransfers(sources, destination, { recursive, sync, followSymlinks: values["follow-symlinks"] === true });
    for (const { path, reason } of plan.unreadable)
      out.say(`${path}: cannot read: ${reason} [PARTPUSH_SOURCE_UNREADABLE]`);
    const keep = makeFilter(out.args.filters);
    excluded = new Set(plan.transfers.filter((t) => !keep(t.relative)));
    const planned = plan.transfers.filter((t) => !excluded.has(t));
    if (sync) {
      const where = {
        directory: sources[0],
        prefix: plan.prefix,
        endpoint: options.endpoint,
        env: options.env ?? process.env,
        walkStartedMs
      };
      syncing = await syncLook(uploader, reads, listing, planned, where, values.verbose ? out.say : void 0);
      selection = syncing.selection;
    } else if (values["no-clobber"])
      selection = await skipExisting(reads, planned, plan.prefix, listing);
    else
      selection = { send: planned, skipped: [] };
    if (values["dry-run"]) {
      printDryRun(out, dryRunEntries(plan.transfers, selection.send, selection.skipped, excluded));
      return plan.unreadable.length > 0 ? 1 : 0;
    }
    report = await runTransfers(uploader, selection.send, {
      filesInFlight: FILES_IN_FLIGHT,
      signal,
      metadata: options.metadata,
      progress: out.progress,
      onFailure: (failed) => out.say(`${failed.source}: ${failed.error.message} [${failed.error.code}]`)
    });
    const unrecorded = syncing?.record(report.files);
    if (unrecorded)
      out.say(unrecorded);
  } finally {
    await uploader.close();
  }
  out.progress?.clear();
  if (signal.aborted) {
    throw new PartpushError("PARTPUSH_ABORTED", `upload cancelled after ${report.uploaded} of ${selection.send.length} files; the unfinished ones were aborted`);
  }
  const racers = report.files.flatMap((f) => f.skipped ? [{ source: f.source, destination: f.destination, reason: f.skipped }] : []);
  const skipped = [...selection.skipped, ...racers];
  if (values.verbose)
    for (const s of skipped)
      out.say(`skipped ${s.source}: ${s.destination} ${s.reason === "exists" ? "exists" : "is unchanged"}`);
  if (values.json) {
    const excludedSources = [...excluded].map((t) => t.source);
    const unreadable2 = plan.unreadable.map((u) => ({ ...u, code: "PARTPUSH_SOURCE_UNREADABLE" }));
    process.stdout.write(`${JSON.stringify({ ...report, skipped, excluded: excludedSources, links: plan.skipped, unreadable: unreadable2 })}
`);
  } else if (!values.quiet) {
    const counts = { skipped: selection.skipped, excluded: excluded.size, links: plan.skipped.length, unreadable: plan.unreadable.length };
    process.stdout.write(`${setSummary(report, destination, counts, out.cap)}
`);
  }
  return report.failed > 0 || plan.unreadable.length > 0 ? 1 : 0;
}
function printDryRun(out, entries) {
  if (out.args.values.json)
    process.stdout.write(`${JSON.stringify({ dryRun: true, files: entries })}
`);
  else
    for (const entry of entries)
      process.stdout.write(`${dryRunLine(entry)}
`);
}

// dist/src/cli/cp/summary-line.js
function summaryLine(r, verbose = false, cap) {
  if (verbose)
    return detailedLine(r, cap);
  const parts = r.partCount === 1 && r.partSize === r.size ? "one request" : `${r.partCount} parts`;
  const head = `uploaded ${formatSize(r.size)}`;
  const tail = ` in ${r.seconds.toFixed(2)} s (${formatRate(r.bytesPerSecond)}${capText(cap)}), ${parts}` + (r.crc32c ? `, ${SHORT_VERIFIED[r.verified]}` : "");
  const named = `${head} to ${r.destination}${tail}`;
  return named.length <= SUMMARY_COLUMNS ? named : `${head}${tail}`;
}
function detailedLine(r, cap) {
  const parts = r.partCount === 1 && r.partSize === r.size ? "in one request" : `${r.partCount} parts of ${formatSize(r.partSize)}${r.partsReused > 0 ? ` (${r.partsReused} already stored by the interrupted upload)` : ""}`;
  return `uploaded ${formatSize(r.size)} to ${r.destination} in ${r.seconds.toFixed(2)} s (${formatRate(r.bytesPerSecond)}${capText(cap)}), ${parts}, ${r.mode} mode over ${r.protocol}` + (r.crc32c ? `, crc32c ${r.crc32c} (${VERIFIED[r.verified]})` : "") + (r.tailSeconds === void 0 ? "" : `; tail ${r.tailSeconds.toFixed(2)} s (first idle lane to Complete)`);
}
var VERIFIED = {
  object: "the store verified the whole object",
  parts: "the store verified each part",
  none: "not verified by the store"
};
var SHORT_VERIFIED = {
  object: "crc32c verified",
  parts: "part crc32c verified",
  none: "crc32c unverified"
};

// dist/src/cli/cp/cp-command.js
async function cpCommand(argv, command = "cp") {
  const args = parseCpArguments(argv, command);
  if (args === "help") {
    process.stdout.write(command === "sync" ? SYNC_HELP : CP_HELP);
    return 0;
  }
  const { values, sources, destination } = args;
  const stdin = sources.includes("-");
  if (stdin)
    checkStdinUse(sources, destination, values.recursive === true);
  const cap = values.bwlimit === void 0 ? void 0 : parseRate(values.bwlimit, "--bwlimit");
  const progress = !values.json && !values.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr, cap) : void 0;
  const say = (line) => {
    progress?.clear();
    process.stderr.write(`partpush: ${redactUrlCredentials(line)}
`);
  };
  const out = { args, progress, say, cap };
  const base = await uploadOptionsOf(values, args.journal);
  const interrupts = new Interrupts(say);
  const options = {
    ...base,
    signal: interrupts.controller.signal,
    onEvent: (event) => {
      interrupts.track(event);
      if (values.verbose)
        say(describeEvent(event));
      else if (event.type === "retry")
        progress?.note(retryNote(event));
    }
  };
  try {
    const several = command === "sync" || values.recursive === true || sources.length > 1;
    return several ? await uploadSet(out, options, command === "sync") : await uploadOne(out, options, stdin);
  } catch (error) {
    progress?.clear();
    if (interrupts.controller.signal.aborted && error instanceof PartpushError && error.code === "PARTPUSH_ABORTED") {
      if (values.json)
        process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}
`);
      process.stderr.write(`partpush: interrupted; ${error.message}
`);
      return interrupts.exitCode;
    }
    throw error;
  } finally {
    interrupts.dispose();
  }
}
async function uploadOne({ args, progress, cap }, options, stdin) {
  const [file] = args.sources;
  const { values } = args;
  const key = stdin ? args.destination : (await planTransfers([file], args.destination, { recursive: false, followSymlinks: false })).transfers[0].destination;
  const uploader = createUploader(options);
  let result;
  try {
    const exists = values["no-clobber"] === true && await uploader.stat(key) !== void 0;
    if (values["dry-run"]) {
      const entry = { source: file, destination: key, action: exists ? "skip" : "upload", reason: exists ? "exists" : void 0 };
      process.stdout.write(values.json ? `${JSON.stringify({ dryRun: true, files: [entry] })}
` : `${dryRunLine(entry)}
`);
      return 0;
    }
    if (!exists)
      result = await uploadOrSkip(uploader, stdin ? fileDescriptorReader(0) : file, key, progress);
  } finally {
    await uploader.close();
  }
  progress?.clear();
  if (!result) {
    const skipped = [{ source: file, destination: key, reason: "exists" }];
    if (values.json)
      process.stdout.write(`${JSON.stringify({ destination: key, uploaded: 0, skipped })}
`);
    else if (!values.quiet)
      process.stdout.write(`skipped ${file}: ${key} exists (--no-clobber keeps it)
`);
    return 0;
  }
  if (values.json)
    process.stdout.write(`${JSON.stringify(result)}
`);
  else if (!values.quiet)
    process.stdout.write(`${summaryLine(result, values.verbose === true, cap)}
`);
  return 0;
}
async function uploadOrSkip(uploader, source, key, progress) {
  try {
    return await uploader.upload(source, key, { onProgress: progress ? (p) => progress.update(p) : void 0 });
  } catch (error) {
    if (error instanceof PartpushError && error.code === "PARTPUSH_PRECONDITION_FAILED")
      return void 0;
    throw error;
  }
}
function checkStdinUse(sources, destination, recursive) {
  if (sources.length > 1 || recursive)
    throw new UsageError('"-" (stdin) is one stream: give it alone, without -r', "cp");
  if (destination.endsWith("/"))
    throw new UsageError(`stdin has no file name to put under ${destination}: give the whole key, e.g. ${destination}backup.tar.zst`, "cp");
  if (isatty(0))
    throw new UsageError("stdin is a terminal; pipe the data in, e.g. tar -c dir | partpush cp - DEST", "cp");
}
export {
  cpCommand
};
/*! Bundled license information:

xmlchars/xml/1.0/ed5.js:
  (**
   * Character classes and associated utilities for the 5th edition of XML 1.0.
   *
   * @author Louis-Dominique Dubeau
   * @license MIT
   * @copyright Louis-Dominique Dubeau
   *)

xmlchars/xml/1.1/ed2.js:
  (**
   * Character classes and associated utilities for the 2nd edition of XML 1.1.
   *
   * @author Louis-Dominique Dubeau
   * @license MIT
   * @copyright Louis-Dominique Dubeau
   *)

xmlchars/xmlns/1.0/ed3.js:
  (**
   * Character class utilities for XML NS 1.0 edition 3.
   *
   * @author Louis-Dominique Dubeau
   * @license MIT
   * @copyright Louis-Dominique Dubeau
   *)
*/

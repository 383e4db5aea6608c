/** SIP2 (3M Standard Interchange Protocol 2.0): a self-check client, its messages and an ACS emulator. */
export { Sip2Client, type Sip2ClientDeps, type Sip2State, type CheckoutOptions, type PatronInformationOptions } from './client';
export { sip2ConfigSchema, sip2DialectSchema, type Sip2Config, type Sip2ConfigInput, type Sip2Dialect } from './config';
export { Sip2Error, isSip2Error, sip2ErrorCodes, type Sip2ErrorCode } from './errors';
export { tcpTransport, type Sip2Transport } from './transport';
export { parseDueDate, parseSip2Timestamp, formatSip2Timestamp, anyPatronStatusFlag, type PatronStatusFlags, type SummaryCategory } from './fields';
export * from './messages';

// English strings for consumer emails and status messages. `{name}` marks a
// value filled in when the message is written; values are escaped for HTML.

export const en = {
  'type.know': 'request to know what personal information we hold about you',
  'type.delete': 'request to delete your personal information',
  'type.correct': 'request to correct your personal information',
  'type.opt_out': 'request to opt out of the sale and sharing of your personal information',
  'type.limit': 'request to limit the use of your sensitive personal information',
  'type.nv_opt_out': 'Nevada request to opt out of the sale of your covered information',
  'type.stl_disclosure': 'California "Shine the Light" request',

  'status.awaiting_verification':
    'We need to confirm your identity before we can act on your request. Please use the code we emailed you.',
  'status.awaiting_agent_authorization':
    'Your request was made by an authorized agent. We are waiting for the authorization steps to be completed.',
  'status.verified': 'Your identity is confirmed. We will start working on your request shortly.',
  'status.in_progress': 'We are working on your request.',
  'status.completed': 'Your request is complete.',
  'status.denied': 'We could not fulfil your request. We have emailed you the reasons.',
  'status.closed_unverified':
    'We closed your request because we could not confirm your identity in time. You may submit a new request at any time.',
  'status.withdrawn': 'Your request was withdrawn.',
  'status.respond_by': 'We will respond by {date}.',
  'status.extended': 'We extended the time to respond to {date}, as the law allows.',

  'mail.greeting': 'Hello {name},',
  'mail.sign_off': 'Thank you,\nThe privacy team',
  'mail.reference': 'Your reference: {reference}',
  'mail.footer':
    'You received this message because a privacy request was made with this email address. Keep your reference to check the status of the request.',

  'mail.receipt.subject': 'We received your privacy request {reference}',
  'mail.receipt.body': 'We received your {type} on {date}.',
  'mail.receipt.respond_by': 'We will respond by {date}.',
  'mail.receipt.verification_next':
    'Before we can act on it we need to confirm your identity. We are sending you a separate email with a code.',
  'mail.receipt.agent_next':
    'Because an authorized agent made this request, we will also ask you directly to confirm that you gave permission.',

  'letter.receipt.verification_next':
    'Before we can act on it we need to confirm your identity. We will contact you to do so.',

  'mail.code.subject': 'Your verification code for request {reference}',
  'mail.code.body': 'Your verification code is {code}. It expires on {expires}.',
  'mail.code.link': 'Or confirm with one click: {link}',
  'mail.code.ignore': 'If you did not make this request, you can ignore this email.',
  'mail.code.never_share': 'We will never ask you for this code by phone.',
  'mail.status_code.subject': 'Your code to see the status of request {reference}',
  'mail.status_code.body':
    'Someone asked to see the status of request {reference}. Your code is {code}. It expires on {expires}.',

  'mail.agent.subject': 'Did you authorize an agent to make privacy request {reference}?',
  'mail.agent.body':
    '{agent} told us that you authorized them to make a {type} on your behalf. If you did, please confirm it, which also confirms your identity, with the code {code} (it expires on {expires}).',
  'mail.agent.not_you':
    'If you did not authorize this agent, do not use the code; the request will not go ahead without your confirmation.',

  'mail.status.subject': 'Update on your privacy request {reference}',
  'mail.status.body': 'The status of your {type} has changed.',

  'mail.extension.subject': 'We need more time for your privacy request {reference}',
  'mail.extension.body':
    'We need more time to respond to your {type}. The law allows one extension. We will respond by {date}.',
  'mail.extension.reason': 'The reason: {reason}',
  'mail.extension.reason_default': 'The reason: the complexity and number of the requests we received.',

  'mail.more_information.subject': 'We need more information for your privacy request {reference}',
  'mail.more_information.body': 'To go on with your {type}, we need more information from you:',
  'mail.more_information.reply':
    'Please reply to this email, or call us. We still owe you an answer by {date}.',

  'mail.completed.subject': 'Your privacy request {reference} is complete',
  'mail.completed.body': 'We completed your {type}.',
  'mail.completed.summary': 'What we did: {summary}',

  'mail.denied.subject': 'About your privacy request {reference}',
  'mail.denied.body': 'We cannot fulfil your {type}.',
  'mail.denied.reason': 'The reason: {reason}',
  'mail.denied.exception': 'The legal basis: {exception}.',
  'mail.denied.no_appeal': 'There is no appeal of this decision under the California Consumer Privacy Act.',
  'mail.denied.opt_out_offer': 'You can still ask us not to sell or share your personal information: {link}',

  'mail.closed.subject': 'We closed your privacy request {reference}',
  'mail.closed.body':
    'We could not confirm your identity, so we closed your {type} without acting on it. You may submit a new request at any time.',
  'mail.closed.opt_out_offer':
    'You can still ask us not to sell or share your personal information; this needs no identity check: {link}',
  'mail.closed.privacy_policy':
    'Our privacy policy describes the categories of personal information we collect, use and disclose: {link}',

  'denial.fraud': 'We have a documented good-faith belief that the request is fraudulent.',
  'denial.deletion_exception': 'The law allows us to keep this information.',
  'denial.legal_exception': 'A legal exception of the privacy law applies.',
  'denial.specific_pieces_limit_reached':
    'We have already provided your specific pieces of information twice in the last 12 months.',
  'denial.correction_not_accurate':
    'Based on the documentation we hold, the information we have is more likely to be accurate.',
  'denial.stl_already_answered_this_year': 'We already answered a request from you this calendar year.',

  'exception.complete_transaction_or_contract':
    'to complete a transaction or perform a contract with you (Civ. Code 1798.105(d)(1))',
  'exception.security_and_integrity': 'to help ensure security and integrity (Civ. Code 1798.105(d)(2))',
  'exception.debug_and_repair': 'to identify and repair errors (Civ. Code 1798.105(d)(3))',
  'exception.free_speech_or_other_legal_right':
    'to exercise free speech or another legal right (Civ. Code 1798.105(d)(4))',
  'exception.calecpa_compliance':
    'to comply with the California Electronic Communications Privacy Act (Civ. Code 1798.105(d)(5))',
  'exception.public_interest_research': 'for research in the public interest (Civ. Code 1798.105(d)(6))',
  'exception.internal_expected_uses':
    'for internal uses you would reasonably expect (Civ. Code 1798.105(d)(7))',
  'exception.legal_obligation': 'to comply with a legal obligation (Civ. Code 1798.105(d)(8))',
} as const;

export type MessageKey = keyof typeof en;

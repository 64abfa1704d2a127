// English messages for consumer emails, letters and the status messages of the
// consumer API. Spanish (es.ts) must have the same keys: its type is derived from
// this catalogue, so a missing or extra key fails the build. `{name}` in a message
// is replaced by the value of that name; mail escapes values for HTML.

export const en = {
  type: {
    know: 'request to know what personal information we hold about you',
    delete: 'request to delete your personal information',
    correct: 'request to correct your personal information',
    opt_out: 'request to opt out of the sale and sharing of your personal information',
    limit: 'request to limit the use of your sensitive personal information',
    nv_opt_out: 'Nevada request to opt out of the sale of your covered information',
    stl_disclosure: 'California "Shine the Light" request',
    stl_suppression:
      'California "Shine the Light" request to be added to our suppression list (so that we do not disclose your personal information to third parties for their direct marketing purposes)',
  },
  /** The same requests as `type`, worded for the authorized agent who made them (Regs 7063). */
  agent_type: {
    know: 'request to know what personal information we hold about {consumer}',
    delete: 'request to delete the personal information of {consumer}',
    correct: 'request to correct the personal information of {consumer}',
    opt_out: 'request to opt {consumer} out of the sale and sharing of their personal information',
    limit: 'request to limit the use of the sensitive personal information of {consumer}',
    nv_opt_out: 'Nevada request to opt {consumer} out of the sale of their covered information',
    stl_disclosure: 'California "Shine the Light" request for {consumer}',
    stl_suppression:
      'California "Shine the Light" request to add {consumer} to our suppression list (so that we do not disclose their personal information to third parties for their direct marketing purposes)',
  },
  status: {
    awaiting_verification:
      'We need to confirm your identity before we can act on your request. Please use the code we emailed you.',
    email_confirmed:
      'You have confirmed your email. Our staff are now checking your other details and will contact you if they need anything else.',
    awaiting_agent_authorization:
      'Your request was made by an authorized agent. We are waiting for the authorization steps to be completed.',
    verified: 'Your identity is confirmed. We will start working on your request shortly.',
    in_progress: 'We are working on your request.',
    completed: 'Your request is complete.',
    denied: 'We could not fulfil your request. We have emailed you the reasons.',
    closed_unverified:
      'We closed your request because we could not confirm your identity in time. You may submit a new request at any time.',
    closed_unverifiable:
      'We closed your request because we could not confirm your identity. You may submit a new request at any time.',
    closed_not_customer:
      'We closed your request because we could not find you among our customers; this right belongs to customers (California Civil Code 1798.83).',
    withdrawn: 'Your request was withdrawn.',
    respond_by: 'We will respond by {date}.',
    extended: 'We extended the time to respond to {date}, as the law allows.',
  },
  mail: {
    greeting: 'Hello {name},',
    greeting_nameless: 'Hello,',
    sign_off: 'Thank you,\nThe privacy team',
    reference: 'Your reference: {reference}',
    footer:
      'You received this message because a privacy request was made with this email address. Keep your reference to check the status of the request.',
    agent_intro:
      'You made this request as the authorized agent of {consumer}, so we write to you about it. We write to {consumer} directly only to confirm their identity or your permission.',
    agent_receipt: {
      verification_next:
        'Before we can act on it, {consumer} confirms their identity with a code we send to them.',
      agent_next: 'We will also ask {consumer} directly to confirm that they gave you permission.',
    },
    receipt: {
      subject: 'We received your privacy request {reference}',
      body: 'We received your {type} on {date}.',
      respond_by: 'We will respond by {date}.',
      verification_next:
        'Before we can act on it we need to confirm your identity. We are sending you a separate email with a code.',
      agent_next:
        'Because an authorized agent made this request, we will also ask you directly to confirm that you gave permission.',
      minor_opt_in_13_15:
        'Because the person this request is about is 13 to 15, we do not sell or share their personal information. If they want to allow it, or later to stop it, they can say so here at any time: {link}',
      minor_opt_in_under_13:
        'Because the child this request is about is under 13, we do not sell or share their personal information. A parent or guardian who wants to allow it can say so here; it counts once we have checked that they are the parent or guardian: {link}',
    },
    code: {
      subject: 'Your verification code for request {reference}',
      body: 'Your verification code is {code}. It expires on {expires}.',
      link: 'Or confirm with one click: {link}',
      ignore: 'If you did not make this request, you can ignore this email.',
      never_share: 'We will never ask you for this code by phone.',
    },
    status_code: {
      subject: 'Your code to see the status of request {reference}',
      body: 'Someone asked to see the status of request {reference}. Your code is {code}. It expires on {expires}.',
    },
    minor_consent_code: {
      subject: 'Your code to confirm your choice about the sale of personal information',
      body: 'Someone asked to change, for request {reference}, whether we may sell or share the personal information of a person under 16. Your code is {code}. It expires on {expires}. If it was not you, ignore this email: nothing changes.',
    },
    agent: {
      subject: 'Did you authorize an agent to make privacy request {reference}?',
      body: '{agent} told us that you authorized them to make a {type} on your behalf. If you did, please confirm it, which also confirms your identity, with the code {code} (it expires on {expires}).',
      not_you:
        'If you did not authorize this agent, do not use the code; the request will not go ahead without your confirmation.',
    },
    status: {
      subject: 'Update on your privacy request {reference}',
      body: 'The status of your {type} has changed.',
    },
    extension: {
      subject: 'We need more time for your privacy request {reference}',
      body: 'We need more time to respond to your {type}. The law allows one extension. We will respond by {date}.',
      reason: 'The reason: {reason}',
      reason_default: 'The reason: the complexity and number of the requests we received.',
    },
    more_information: {
      subject: 'We need more information for your privacy request {reference}',
      body: 'To go on with your {type}, we need more information from you:',
      reply:
        "Please reply to this email, or write to us from your request's status page at {link}. We still owe you an answer by {date}.",
    },
    thread: {
      code_not_kept: 'A verification code was sent. Codes are kept only in the email.',
    },
    completed: {
      subject: 'Your privacy request {reference} is complete',
      body: 'We completed your {type}.',
      summary: 'What we did: {summary}',
      applied_preference_recorded: 'Your preference is recorded; it applies from today.',
      applied_suppression_listed:
        'You are on our suppression list from today: we do not disclose your personal information to third parties for their direct marketing purposes.',
      applied_browser_opted_out:
        'We applied the opt-out of sale and sharing to the browser that sent the Global Privacy Control signal.',
      report_link: 'Your report is ready. Download it here: {link}',
      report_terms:
        'For your security, the link works until {date} and for up to {limit} downloads, and each download asks for a new code that we email to you at that moment.',
      report_by_post: 'We are sending the report itself to the consumer by post.',
      results_heading: 'What we did in each of our systems:',
      result_deleted: '{system}: we deleted your personal information.',
      result_corrected: '{system}: we corrected your personal information.',
      result_no_data: '{system}: we held no personal information about you.',
      result_retained: '{system}: we kept {categories}, {exception}.',
      result_kept: '{system}: we kept {categories}.',
      result_not_done:
        '{system}: we could not confirm that this was done; we will write to you again when it is.',
      older_data_refused:
        'You asked for personal information from before the 12 months preceding your request. We answered for those 12 months, but not for {from} to {until}, because {ground}. Why: {explanation}',
      older_data_impossible: 'providing it would be impossible',
      older_data_disproportionate_effort: 'providing it would involve disproportionate effort',
    },
    access_code: {
      subject: 'Your code to download your report for request {reference}',
      body: 'Someone asked to download the report for request {reference}. Your code is {code}. It expires on {expires}.',
      not_you: 'If this was not you, do not share the code; without it nobody can download the report.',
    },
    denied: {
      subject: 'About your privacy request {reference}',
      body: 'We cannot fulfil your {type}.',
      reason: 'The reason: {reason}',
      exception: 'The legal basis: {exception}.',
      no_appeal: 'There is no appeal of this decision under the California Consumer Privacy Act.',
      opt_out_offer: 'You can still ask us not to sell or share your personal information: {link}',
    },
    raised: {
      subject: 'We need to confirm your identity further for request {reference}',
      body: 'Before we act on your {type}, the law requires us to be more certain that you are the person it is about, because {basis}.',
      basis_sensitive_data: 'it concerns sensitive personal information',
      basis_cpni:
        'it concerns information about the use of our telecommunications services (customer proprietary network information), which federal law protects',
      agent_body:
        'Before we act on the {type}, the law requires us to be more certain of the identity of {consumer}, because {basis}.',
      agent_needed:
        'We will ask {consumer} to confirm {count} pieces of information that match our records and to sign a declaration, under penalty of perjury, that they are that person.',
      needed:
        'We will ask you to confirm {count} pieces of information that match our records (such as your name, postal address, account number or the date of your last contact with us) and to sign a declaration, under penalty of perjury, that you are that person.',
      next: 'We will contact you to do so, or you may reply to this message. We still owe you an answer by {date}.',
    },
    narrowed: {
      subject: 'About the specific information you asked for, request {reference}',
      body: 'We could not verify your identity to the degree the law requires before we disclose specific pieces of personal information, so we cannot send you those. We are treating your request as a request for the categories of personal information we collect about you.',
      next: 'We will respond by {date}.',
    },
    closed: {
      subject: 'We closed your privacy request {reference}',
      body: 'We could not confirm your identity, so we closed your {type} without acting on it. You may submit a new request at any time.',
      body_not_customer:
        'We could not find you among our customers, so we closed your {type} without acting on it: this right belongs to customers (California Civil Code 1798.83). If you are a customer, you may submit a new request with the details of your account.',
      opt_out_offer:
        'You can still ask us not to sell or share your personal information; this needs no identity check: {link}',
      privacy_policy:
        'Our privacy policy describes the categories of personal information we collect, use and disclose: {link}',
    },
  },
  letter: {
    completed: {
      report_enclosed: 'Your report is enclosed with this letter.',
    },
    receipt: {
      verification_next:
        'Before we can act on it we need to confirm your identity. We will contact you to do so.',
    },
  },
  denial: {
    fraud: 'We have a documented good-faith belief that the request is fraudulent.',
    deletion_exception: 'The law allows us to keep this information.',
    legal_exception: 'A legal exception of the privacy law applies.',
    specific_pieces_limit_reached:
      'We have already answered two of your requests to know about your personal information in the 12 months before this one, and the law does not require us to answer more often (California Civil Code 1798.130(b)).',
    correction_not_accurate:
      'Based on the documentation we hold, the information we have is more likely to be accurate.',
    stl_already_answered_this_year: 'We already answered a request from you this calendar year.',
  },
  exception: {
    complete_transaction_or_contract:
      'to complete a transaction or perform a contract with you (Civ. Code 1798.105(d)(1))',
    security_and_integrity: 'to help ensure security and integrity (Civ. Code 1798.105(d)(2))',
    debug_and_repair: 'to identify and repair errors (Civ. Code 1798.105(d)(3))',
    free_speech_or_other_legal_right:
      'to exercise free speech or another legal right (Civ. Code 1798.105(d)(4))',
    calecpa_compliance:
      'to comply with the California Electronic Communications Privacy Act (Civ. Code 1798.105(d)(5))',
    public_interest_research: 'for research in the public interest (Civ. Code 1798.105(d)(6))',
    internal_expected_uses: 'for internal uses you would reasonably expect (Civ. Code 1798.105(d)(7))',
    legal_obligation: 'to comply with a legal obligation (Civ. Code 1798.105(d)(8))',
    sector_law_exemption:
      'because this information is governed by another privacy law (such as the Fair Credit Reporting Act or the Gramm-Leach-Bliley Act) rather than the California Consumer Privacy Act (Civ. Code 1798.145, 1798.146)',
    legal_claims: 'to exercise or defend legal claims (Civ. Code 1798.145(a)(1)(E))',
    suspected_fraud:
      'to detect and protect against fraudulent or illegal activity, or prosecute those responsible (Civ. Code 1798.105(d)(2))',
    disproportionate_effort:
      'because it is stored in archived or backup systems, from which we will delete it when they are next accessed or used (Cal. Code Regs. tit. 11, 7022(d))',
  },
} as const;

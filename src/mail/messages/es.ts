// Spanish strings for consumer emails and status messages: the same keys as en.ts.

import type { MessageKey } from './en.js';

export const es: Readonly<Record<MessageKey, string>> = {
  'type.know': 'solicitud para saber qué información personal tenemos sobre usted',
  'type.delete': 'solicitud para eliminar su información personal',
  'type.correct': 'solicitud para corregir su información personal',
  'type.opt_out': 'solicitud para excluirse de la venta y el intercambio de su información personal',
  'type.limit': 'solicitud para limitar el uso de su información personal confidencial',
  'type.nv_opt_out': 'solicitud de Nevada para excluirse de la venta de su información cubierta',
  'type.stl_disclosure': 'solicitud de California "Shine the Light"',

  'status.awaiting_verification':
    'Necesitamos confirmar su identidad antes de atender su solicitud. Use el código que le enviamos por correo electrónico.',
  'status.awaiting_agent_authorization':
    'Un agente autorizado presentó su solicitud. Estamos esperando que se completen los pasos de autorización.',
  'status.verified': 'Confirmamos su identidad. Pronto empezaremos a trabajar en su solicitud.',
  'status.in_progress': 'Estamos trabajando en su solicitud.',
  'status.completed': 'Su solicitud está completa.',
  'status.denied': 'No pudimos atender su solicitud. Le enviamos los motivos por correo electrónico.',
  'status.closed_unverified':
    'Cerramos su solicitud porque no pudimos confirmar su identidad a tiempo. Puede presentar una nueva solicitud en cualquier momento.',
  'status.withdrawn': 'Su solicitud fue retirada.',
  'status.respond_by': 'Responderemos a más tardar el {date}.',
  'status.extended': 'Ampliamos el plazo de respuesta hasta el {date}, como lo permite la ley.',

  'mail.greeting': 'Hola, {name}:',
  'mail.sign_off': 'Gracias,\nEl equipo de privacidad',
  'mail.reference': 'Su número de referencia: {reference}',
  'mail.footer':
    'Recibió este mensaje porque se presentó una solicitud de privacidad con esta dirección de correo electrónico. Guarde su número de referencia para consultar el estado de la solicitud.',

  'mail.receipt.subject': 'Recibimos su solicitud de privacidad {reference}',
  'mail.receipt.body': 'Recibimos su {type} el {date}.',
  'mail.receipt.respond_by': 'Responderemos a más tardar el {date}.',
  'mail.receipt.verification_next':
    'Antes de atenderla necesitamos confirmar su identidad. Le enviaremos otro correo electrónico con un código.',
  'mail.receipt.agent_next':
    'Como un agente autorizado presentó esta solicitud, también le pediremos directamente que confirme que le dio permiso.',

  'letter.receipt.verification_next':
    'Antes de poder actuar necesitamos confirmar su identidad. Nos pondremos en contacto con usted para hacerlo.',

  'mail.code.subject': 'Su código de verificación para la solicitud {reference}',
  'mail.code.body': 'Su código de verificación es {code}. Vence el {expires}.',
  'mail.code.link': 'O confirme con un clic: {link}',
  'mail.code.ignore': 'Si usted no presentó esta solicitud, puede ignorar este correo electrónico.',
  'mail.code.never_share': 'Nunca le pediremos este código por teléfono.',
  'mail.status_code.subject': 'Su código para ver el estado de la solicitud {reference}',
  'mail.status_code.body':
    'Alguien pidió ver el estado de la solicitud {reference}. Su código es {code}. Vence el {expires}.',

  'mail.agent.subject': '¿Autorizó a un agente a presentar la solicitud de privacidad {reference}?',
  'mail.agent.body':
    '{agent} nos informó que usted le autorizó a presentar una {type} en su nombre. Si es así, confírmelo con el código {code} (vence el {expires}); esto también confirma su identidad.',
  'mail.agent.not_you':
    'Si usted no autorizó a este agente, no use el código; la solicitud no avanzará sin su confirmación.',

  'mail.status.subject': 'Novedades sobre su solicitud de privacidad {reference}',
  'mail.status.body': 'El estado de su {type} cambió.',

  'mail.extension.subject': 'Necesitamos más tiempo para su solicitud de privacidad {reference}',
  'mail.extension.body':
    'Necesitamos más tiempo para responder a su {type}. La ley permite una prórroga. Responderemos a más tardar el {date}.',
  'mail.extension.reason': 'El motivo: {reason}',
  'mail.extension.reason_default': 'El motivo: la complejidad y la cantidad de solicitudes que recibimos.',

  'mail.more_information.subject': 'Necesitamos más información para su solicitud de privacidad {reference}',
  'mail.more_information.body': 'Para continuar con su {type}, necesitamos más información de usted:',
  'mail.more_information.reply':
    'Responda a este correo o llámenos. Le debemos una respuesta a más tardar el {date}.',

  'mail.completed.subject': 'Su solicitud de privacidad {reference} está completa',
  'mail.completed.body': 'Completamos su {type}.',
  'mail.completed.summary': 'Lo que hicimos: {summary}',

  'mail.denied.subject': 'Sobre su solicitud de privacidad {reference}',
  'mail.denied.body': 'No podemos atender su {type}.',
  'mail.denied.reason': 'El motivo: {reason}',
  'mail.denied.exception': 'El fundamento legal: {exception}.',
  'mail.denied.no_appeal':
    'La Ley de Privacidad del Consumidor de California no prevé una apelación de esta decisión.',
  'mail.denied.opt_out_offer':
    'Aún puede pedirnos que no vendamos ni compartamos su información personal: {link}',

  'mail.closed.subject': 'Cerramos su solicitud de privacidad {reference}',
  'mail.closed.body':
    'No pudimos confirmar su identidad, por lo que cerramos su {type} sin atenderla. Puede presentar una nueva solicitud en cualquier momento.',
  'mail.closed.opt_out_offer':
    'Aún puede pedirnos que no vendamos ni compartamos su información personal; no requiere verificar su identidad: {link}',
  'mail.closed.privacy_policy':
    'Nuestra política de privacidad describe las categorías de información personal que recopilamos, usamos y divulgamos: {link}',

  'denial.fraud': 'Tenemos una sospecha documentada y de buena fe de que la solicitud es fraudulenta.',
  'denial.deletion_exception': 'La ley nos permite conservar esta información.',
  'denial.legal_exception': 'Se aplica una excepción legal de la ley de privacidad.',
  'denial.specific_pieces_limit_reached':
    'Ya le entregamos sus datos específicos dos veces en los últimos 12 meses.',
  'denial.correction_not_accurate':
    'Según la documentación que tenemos, es más probable que la información que conservamos sea correcta.',
  'denial.stl_already_answered_this_year': 'Ya respondimos a una solicitud suya en este año calendario.',

  'exception.complete_transaction_or_contract':
    'para completar una transacción o cumplir un contrato con usted (Código Civil 1798.105(d)(1))',
  'exception.security_and_integrity':
    'para ayudar a garantizar la seguridad y la integridad (Código Civil 1798.105(d)(2))',
  'exception.debug_and_repair': 'para identificar y reparar errores (Código Civil 1798.105(d)(3))',
  'exception.free_speech_or_other_legal_right':
    'para ejercer la libertad de expresión u otro derecho legal (Código Civil 1798.105(d)(4))',
  'exception.calecpa_compliance':
    'para cumplir la Ley de Privacidad de las Comunicaciones Electrónicas de California (Código Civil 1798.105(d)(5))',
  'exception.public_interest_research': 'para investigación de interés público (Código Civil 1798.105(d)(6))',
  'exception.internal_expected_uses':
    'para usos internos que usted razonablemente esperaría (Código Civil 1798.105(d)(7))',
  'exception.legal_obligation': 'para cumplir una obligación legal (Código Civil 1798.105(d)(8))',
};

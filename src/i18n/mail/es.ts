// Spanish messages for consumer emails, letters and status messages. Typed by the
// English catalogue: every key there must be here, and no other.

import type { Translation } from '../catalogue.js';
import type { en } from './en.js';

export const es: Translation<typeof en> = {
  type: {
    know: 'solicitud para saber qué información personal tenemos sobre usted',
    delete: 'solicitud para eliminar su información personal',
    correct: 'solicitud para corregir su información personal',
    opt_out: 'solicitud para excluirse de la venta y el intercambio de su información personal',
    limit: 'solicitud para limitar el uso de su información personal confidencial',
    nv_opt_out: 'solicitud de Nevada para excluirse de la venta de su información cubierta',
    stl_disclosure: 'solicitud de California "Shine the Light"',
    stl_suppression:
      'solicitud de California "Shine the Light" para incluirle en nuestra lista de supresión (para que no divulguemos su información personal a terceros para los fines de marketing directo de esos terceros)',
  },
  /** The same requests as `type`, worded for the authorized agent who made them (Regs 7063). */
  agent_type: {
    know: 'solicitud para saber qué información personal tenemos sobre {consumer}',
    delete: 'solicitud para eliminar la información personal de {consumer}',
    correct: 'solicitud para corregir la información personal de {consumer}',
    opt_out:
      'solicitud para que {consumer} no participe en la venta ni el intercambio de su información personal',
    limit: 'solicitud para limitar el uso de la información personal sensible de {consumer}',
    nv_opt_out: 'solicitud de Nevada para que no se venda la información de {consumer}',
    stl_disclosure: 'solicitud "Shine the Light" de California para {consumer}',
    stl_suppression:
      'solicitud "Shine the Light" de California para incluir a {consumer} en nuestra lista de supresión (para que no divulguemos su información personal a terceros para los fines de marketing directo de esos terceros)',
  },
  status: {
    awaiting_verification:
      'Necesitamos confirmar su identidad antes de atender su solicitud. Use el código que le enviamos por correo electrónico.',
    email_confirmed:
      'Usted confirmó su correo electrónico. Nuestro personal está revisando sus demás datos y se comunicará con usted si necesita algo más.',
    awaiting_agent_authorization:
      'Un agente autorizado presentó su solicitud. Estamos esperando que se completen los pasos de autorización.',
    verified: 'Confirmamos su identidad. Pronto empezaremos a trabajar en su solicitud.',
    in_progress: 'Estamos trabajando en su solicitud.',
    completed: 'Su solicitud está completa.',
    denied: 'No pudimos atender su solicitud. Le enviamos los motivos por correo electrónico.',
    closed_unverified:
      'Cerramos su solicitud porque no pudimos confirmar su identidad a tiempo. Puede presentar una nueva solicitud en cualquier momento.',
    closed_unverifiable:
      'Cerramos su solicitud porque no pudimos confirmar su identidad. Puede presentar una nueva solicitud en cualquier momento.',
    closed_not_customer:
      'Cerramos su solicitud porque no le encontramos entre nuestros clientes; este derecho corresponde a los clientes (Código Civil de California 1798.83).',
    withdrawn: 'Su solicitud fue retirada.',
    respond_by: 'Responderemos a más tardar el {date}.',
    extended: 'Ampliamos el plazo de respuesta hasta el {date}, como lo permite la ley.',
  },
  mail: {
    greeting: 'Hola, {name}:',
    greeting_nameless: 'Hola:',
    sign_off: 'Gracias,\nEl equipo de privacidad',
    reference: 'Su número de referencia: {reference}',
    footer:
      'Recibió este mensaje porque se presentó una solicitud de privacidad con esta dirección de correo electrónico. Guarde su número de referencia para consultar el estado de la solicitud.',
    agent_intro:
      'Usted presentó esta solicitud como agente autorizado de {consumer}, por lo que le escribimos a usted. Solo escribimos directamente a {consumer} para confirmar su identidad o su autorización.',
    agent_receipt: {
      verification_next:
        'Antes de poder atenderla, {consumer} confirma su identidad con un código que le enviamos.',
      agent_next: 'También pediremos directamente a {consumer} que confirme que le dio autorización.',
    },
    receipt: {
      subject: 'Recibimos su solicitud de privacidad {reference}',
      body: 'Recibimos su {type} el {date}.',
      respond_by: 'Responderemos a más tardar el {date}.',
      verification_next:
        'Antes de atenderla necesitamos confirmar su identidad. Le enviaremos otro correo electrónico con un código.',
      agent_next:
        'Como un agente autorizado presentó esta solicitud, también le pediremos directamente que confirme que le dio permiso.',
      minor_opt_in_13_15:
        'Como la persona a quien se refiere esta solicitud tiene de 13 a 15 años, no vendemos ni compartimos su información personal. Si quiere permitirlo, o más adelante dejar de permitirlo, puede decirlo aquí en cualquier momento: {link}',
      minor_opt_in_under_13:
        'Como el niño a quien se refiere esta solicitud tiene menos de 13 años, no vendemos ni compartimos su información personal. El padre, la madre o el tutor que quiera permitirlo puede decirlo aquí; cuenta cuando hayamos comprobado que es el padre, la madre o el tutor: {link}',
    },
    code: {
      subject: 'Su código de verificación para la solicitud {reference}',
      body: 'Su código de verificación es {code}. Vence el {expires}.',
      link: 'O confirme con un clic: {link}',
      ignore: 'Si usted no presentó esta solicitud, puede ignorar este correo electrónico.',
      never_share: 'Nunca le pediremos este código por teléfono.',
    },
    status_code: {
      subject: 'Su código para ver el estado de la solicitud {reference}',
      body: 'Alguien pidió ver el estado de la solicitud {reference}. Su código es {code}. Vence el {expires}.',
    },
    minor_consent_code: {
      subject: 'Su código para confirmar su decisión sobre la venta de información personal',
      body: 'Alguien pidió cambiar, para la solicitud {reference}, si podemos vender o compartir la información personal de una persona menor de 16 años. Su código es {code}. Vence el {expires}. Si no fue usted, ignore este correo: nada cambia.',
    },
    agent: {
      subject: '¿Autorizó a un agente a presentar la solicitud de privacidad {reference}?',
      body: '{agent} nos informó que usted le autorizó a presentar una {type} en su nombre. Si es así, confírmelo con el código {code} (vence el {expires}); esto también confirma su identidad.',
      not_you:
        'Si usted no autorizó a este agente, no use el código; la solicitud no avanzará sin su confirmación.',
    },
    status: {
      subject: 'Novedades sobre su solicitud de privacidad {reference}',
      body: 'El estado de su {type} cambió.',
    },
    extension: {
      subject: 'Necesitamos más tiempo para su solicitud de privacidad {reference}',
      body: 'Necesitamos más tiempo para responder a su {type}. La ley permite una prórroga. Responderemos a más tardar el {date}.',
      reason: 'El motivo: {reason}',
      reason_default: 'El motivo: la complejidad y la cantidad de solicitudes que recibimos.',
    },
    more_information: {
      subject: 'Necesitamos más información para su solicitud de privacidad {reference}',
      body: 'Para continuar con su {type}, necesitamos más información de usted:',
      reply:
        'Responda a este correo o escríbanos desde la página de estado de su solicitud en {link}. Le debemos una respuesta a más tardar el {date}.',
    },
    thread: {
      code_not_kept: 'Se envió un código de verificación. Los códigos solo constan en el correo.',
    },
    completed: {
      subject: 'Su solicitud de privacidad {reference} está completa',
      body: 'Completamos su {type}.',
      summary: 'Lo que hicimos: {summary}',
      applied_preference_recorded: 'Registramos su preferencia; se aplica a partir de hoy.',
      applied_suppression_listed:
        'Desde hoy está en nuestra lista de supresión: no divulgamos su información personal a terceros para los fines de mercadotecnia directa de estos.',
      applied_browser_opted_out:
        'Aplicamos la exclusión voluntaria de la venta y el intercambio al navegador que envió la señal de Control Global de Privacidad.',
      report_link: 'Su informe está listo. Descárguelo aquí: {link}',
      report_terms:
        'Por su seguridad, el enlace funciona hasta el {date} y para un máximo de {limit} descargas, y cada descarga le pide un código nuevo que le enviamos por correo electrónico en ese momento.',
      report_by_post: 'Enviamos el informe en sí al consumidor por correo postal.',
      results_heading: 'Lo que hicimos en cada uno de nuestros sistemas:',
      result_deleted: '{system}: eliminamos su información personal.',
      result_corrected: '{system}: corregimos su información personal.',
      result_no_data: '{system}: no teníamos información personal sobre usted.',
      result_retained: '{system}: conservamos {categories}, {exception}.',
      result_kept: '{system}: conservamos {categories}.',
      result_not_done:
        '{system}: no pudimos confirmar que se hiciera; le escribiremos de nuevo cuando se haga.',
      older_data_refused:
        'Usted pidió información personal anterior a los 12 meses previos a su solicitud. Respondimos por esos 12 meses, pero no por el período del {from} al {until}, porque {ground}. Por qué: {explanation}',
      older_data_impossible: 'proporcionarla sería imposible',
      older_data_disproportionate_effort: 'proporcionarla requeriría un esfuerzo desproporcionado',
    },
    access_code: {
      subject: 'Su código para descargar su informe de la solicitud {reference}',
      body: 'Alguien pidió descargar el informe de la solicitud {reference}. Su código es {code}. Vence el {expires}.',
      not_you: 'Si no fue usted, no comparta el código; sin él nadie puede descargar el informe.',
    },
    denied: {
      subject: 'Sobre su solicitud de privacidad {reference}',
      body: 'No podemos atender su {type}.',
      reason: 'El motivo: {reason}',
      exception: 'El fundamento legal: {exception}.',
      no_appeal: 'La Ley de Privacidad del Consumidor de California no prevé una apelación de esta decisión.',
      opt_out_offer: 'Aún puede pedirnos que no vendamos ni compartamos su información personal: {link}',
    },
    raised: {
      subject: 'Necesitamos confirmar mejor su identidad para la solicitud {reference}',
      body: 'Antes de actuar sobre su {type}, la ley nos exige tener más certeza de que usted es la persona a quien se refiere, porque {basis}.',
      basis_sensitive_data: 'se refiere a información personal sensible',
      basis_cpni:
        'se refiere a información sobre el uso de nuestros servicios de telecomunicaciones (información de red del cliente), que la ley federal protege',
      agent_body:
        'Antes de actuar sobre la {type}, la ley nos exige tener más certeza de la identidad de {consumer}, porque {basis}.',
      agent_needed:
        'Le pediremos a {consumer} que confirme {count} datos que coincidan con nuestros registros y que firme una declaración, bajo pena de perjurio, de que es esa persona.',
      needed:
        'Le pediremos que confirme {count} datos que coincidan con nuestros registros (por ejemplo, su nombre, dirección postal, número de cuenta o la fecha de su último contacto con nosotros) y que firme una declaración, bajo pena de perjurio, de que usted es esa persona.',
      next: 'Nos pondremos en contacto con usted para hacerlo, o puede responder a este mensaje. Le responderemos a más tardar el {date}.',
    },
    narrowed: {
      subject: 'Sobre los datos específicos que solicitó, solicitud {reference}',
      body: 'No pudimos verificar su identidad en la medida que exige la ley para divulgar datos específicos de información personal, por lo que no podemos enviárselos. Trataremos su solicitud como una solicitud de las categorías de información personal que recopilamos sobre usted.',
      next: 'Responderemos a más tardar el {date}.',
    },
    closed: {
      subject: 'Cerramos su solicitud de privacidad {reference}',
      body: 'No pudimos confirmar su identidad, por lo que cerramos su {type} sin atenderla. Puede presentar una nueva solicitud en cualquier momento.',
      body_not_customer:
        'No le encontramos entre nuestros clientes, por lo que cerramos su {type} sin atenderla: este derecho corresponde a los clientes (Código Civil de California 1798.83). Si es cliente, puede presentar una nueva solicitud con los datos de su cuenta.',
      opt_out_offer:
        'Aún puede pedirnos que no vendamos ni compartamos su información personal; no requiere verificar su identidad: {link}',
      privacy_policy:
        'Nuestra política de privacidad describe las categorías de información personal que recopilamos, usamos y divulgamos: {link}',
    },
  },
  letter: {
    completed: {
      report_enclosed: 'Su informe se adjunta a esta carta.',
    },
    receipt: {
      verification_next:
        'Antes de poder actuar necesitamos confirmar su identidad. Nos pondremos en contacto con usted para hacerlo.',
    },
  },
  denial: {
    fraud: 'Tenemos una sospecha documentada y de buena fe de que la solicitud es fraudulenta.',
    deletion_exception: 'La ley nos permite conservar esta información.',
    legal_exception: 'Se aplica una excepción legal de la ley de privacidad.',
    specific_pieces_limit_reached:
      'Ya respondimos a dos de sus solicitudes para conocer su información personal en los 12 meses anteriores a esta, y la ley no nos exige responder con más frecuencia (Código Civil de California 1798.130(b)).',
    correction_not_accurate:
      'Según la documentación que tenemos, es más probable que la información que conservamos sea correcta.',
    stl_already_answered_this_year: 'Ya respondimos a una solicitud suya en este año calendario.',
  },
  exception: {
    complete_transaction_or_contract:
      'para completar una transacción o cumplir un contrato con usted (Código Civil 1798.105(d)(1))',
    security_and_integrity:
      'para ayudar a garantizar la seguridad y la integridad (Código Civil 1798.105(d)(2))',
    debug_and_repair: 'para identificar y reparar errores (Código Civil 1798.105(d)(3))',
    free_speech_or_other_legal_right:
      'para ejercer la libertad de expresión u otro derecho legal (Código Civil 1798.105(d)(4))',
    calecpa_compliance:
      'para cumplir la Ley de Privacidad de las Comunicaciones Electrónicas de California (Código Civil 1798.105(d)(5))',
    public_interest_research: 'para investigación de interés público (Código Civil 1798.105(d)(6))',
    internal_expected_uses:
      'para usos internos que usted razonablemente esperaría (Código Civil 1798.105(d)(7))',
    legal_obligation: 'para cumplir una obligación legal (Código Civil 1798.105(d)(8))',
    sector_law_exemption:
      'porque esta información se rige por otra ley de privacidad (como la Fair Credit Reporting Act o la Gramm-Leach-Bliley Act) y no por la Ley de Privacidad del Consumidor de California (Código Civil 1798.145, 1798.146)',
    legal_claims: 'para ejercer o defender reclamaciones legales (Código Civil 1798.145(a)(1)(E))',
    suspected_fraud:
      'para detectar y protegernos de actividades fraudulentas o ilegales, o perseguir a sus responsables (Código Civil 1798.105(d)(2))',
    disproportionate_effort:
      'porque está guardada en sistemas de archivo o de respaldo, de los que la eliminaremos cuando se vuelvan a consultar o usar (Código de Regulaciones de California, título 11, 7022(d))',
  },
};

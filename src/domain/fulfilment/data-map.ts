// The data map: where the business keeps personal information, what it is, why it is held,
// who receives it, and how RightsDesk reaches each system (docs/legal-rules.md#data-map).
// This module is the schema of the YAML file named by DATA_MAP_FILE; the loader in
// src/services/fulfilment/ adds the checks that need the environment or a SQL parser.

import { z } from 'zod';
import { DELETION_EXCEPTIONS } from '../lifecycle/denial-rules.js';
import { CORRECTABLE_FIELDS } from '../request-types.js';
import { storableText } from '../storable-text.js';

type Label = { readonly en: string; readonly es: string };

/**
 * Civ. 1798.140(v)(1)(A)–(L), then the sensitive categories of 1798.140(ae), which a notice
 * at collection and an access report name on their own (Regs 7011(e)(1), 7024).
 */
export const PERSONAL_INFORMATION_CATEGORIES = {
  identifiers: { en: 'Identifiers', es: 'Identificadores' }, // (v)(1)(A)
  customer_records: {
    en: 'Customer records (Civ. 1798.80(e))',
    es: 'Registros de clientes (Código Civil 1798.80(e))',
  }, // (v)(1)(B)
  protected_classifications: {
    en: 'Characteristics of protected classifications',
    es: 'Características de clasificaciones protegidas',
  }, // (v)(1)(C)
  commercial_information: { en: 'Commercial information', es: 'Información comercial' }, // (v)(1)(D)
  biometric_information: { en: 'Biometric information', es: 'Información biométrica' }, // (v)(1)(E)
  internet_activity: {
    en: 'Internet or other electronic network activity',
    es: 'Actividad en internet u otras redes electrónicas',
  }, // (v)(1)(F)
  geolocation_data: { en: 'Geolocation data', es: 'Datos de geolocalización' }, // (v)(1)(G)
  sensory_data: {
    en: 'Audio, electronic, visual, thermal, olfactory or similar information',
    es: 'Información de audio, electrónica, visual, térmica, olfativa o similar',
  }, // (v)(1)(H)
  professional_information: {
    en: 'Professional or employment-related information',
    es: 'Información profesional o laboral',
  }, // (v)(1)(I)
  education_information: { en: 'Education information', es: 'Información educativa' }, // (v)(1)(J)
  inferences: {
    en: 'Inferences drawn to create a profile',
    es: 'Inferencias para crear un perfil',
  }, // (v)(1)(K)
  sensitive_personal_information: {
    en: 'Sensitive personal information',
    es: 'Información personal sensible',
  }, // (v)(1)(L)
  government_identifiers: {
    en: "Social Security, driver's license, state identification or passport number",
    es: 'Número de Seguro Social, licencia de conducir, identificación estatal o pasaporte',
  }, // (ae)(1)(A)
  account_credentials: {
    en: 'Account log-in, financial account or card number with its access code',
    es: 'Acceso a cuentas, cuenta financiera o tarjeta con su código de acceso',
  }, // (ae)(1)(B)
  precise_geolocation: { en: 'Precise geolocation', es: 'Geolocalización precisa' }, // (ae)(1)(C)
  racial_religious_or_union_membership: {
    en: 'Racial or ethnic origin, citizenship or immigration status, religious or philosophical beliefs, or union membership',
    es: 'Origen racial o étnico, ciudadanía o situación migratoria, creencias religiosas o filosóficas, o afiliación sindical',
  }, // (ae)(1)(D)
  communications_contents: {
    en: 'Contents of mail, email and text messages',
    es: 'Contenido de correo postal, correo electrónico y mensajes de texto',
  }, // (ae)(1)(E)
  genetic_data: { en: 'Genetic data', es: 'Datos genéticos' }, // (ae)(1)(F)
  biometric_identification: {
    en: 'Biometric information processed to identify a consumer',
    es: 'Información biométrica tratada para identificar al consumidor',
  }, // (ae)(2)(A)
  health_information: { en: 'Health information', es: 'Información de salud' }, // (ae)(2)(B)
  sex_life_or_sexual_orientation: {
    en: 'Sex life or sexual orientation',
    es: 'Vida sexual u orientación sexual',
  }, // (ae)(2)(C)
} as const satisfies Record<string, Label>;
export type PersonalInformationCategory = keyof typeof PERSONAL_INFORMATION_CATEGORIES;
const CATEGORY_KEYS = Object.keys(PERSONAL_INFORMATION_CATEGORIES) as [PersonalInformationCategory];

/** The categories of third parties the privacy policy names (Civ. 1798.110(c)(4), 1798.115(c)). */
export const RECIPIENT_KINDS = {
  affiliates: {
    en: 'Brands and affiliates in our family of companies',
    es: 'Marcas y empresas afiliadas del grupo',
  },
  service_providers: { en: 'Service providers and advisors', es: 'Proveedores de servicios y asesores' },
  marketing_partners: { en: 'Marketing and strategic partners', es: 'Socios de marketing y estratégicos' },
  promotional_partners: { en: 'Promotional partners', es: 'Socios promocionales' },
  ad_networks: { en: 'Ad networks and advertising partners', es: 'Redes y socios publicitarios' },
  analytics_providers: { en: 'Analytics providers', es: 'Proveedores de analítica' },
  social_networks: { en: 'Social networks', es: 'Redes sociales' },
} as const satisfies Record<string, Label>;
export type RecipientKind = keyof typeof RECIPIENT_KINDS;
const RECIPIENT_KEYS = Object.keys(RECIPIENT_KINDS) as [RecipientKind];

/** Categories of sources (Civ. 1798.110(a)(2)). */
export const SOURCES = {
  consumer: { en: 'You, when you give it to us', es: 'Usted, cuando nos la proporciona' },
  devices: {
    en: 'Your devices and our network, as you use our services',
    es: 'Sus dispositivos y nuestra red, al usar nuestros servicios',
  },
  affiliates: { en: 'Our affiliates', es: 'Nuestras empresas afiliadas' },
  service_providers: { en: 'Our service providers', es: 'Nuestros proveedores de servicios' },
  third_parties: {
    en: 'Advertising and analytics partners',
    es: 'Socios de publicidad y analítica',
  },
  public_records: { en: 'Public records', es: 'Registros públicos' },
} as const satisfies Record<string, Label>;
export type Source = keyof typeof SOURCES;
const SOURCE_KEYS = Object.keys(SOURCES) as [Source];

/** Business or commercial purposes for collecting (Civ. 1798.110(a)(3), 1798.140(e)). */
export const PURPOSES = {
  provide_services: {
    en: 'To provide, process and administer the services you ordered',
    es: 'Para prestar, tramitar y administrar los servicios contratados',
  },
  billing: { en: 'To bill and collect payment', es: 'Para facturar y cobrar' },
  communications: { en: 'To communicate with you', es: 'Para comunicarnos con usted' },
  marketing: { en: 'Marketing and advertising', es: 'Marketing y publicidad' },
  improve_services: {
    en: 'To monitor, improve and develop our products and services',
    es: 'Para supervisar, mejorar y desarrollar nuestros productos y servicios',
  },
  security: {
    en: 'To protect the security and integrity of our business',
    es: 'Para proteger la seguridad e integridad de nuestro negocio',
  },
  legal_compliance: { en: 'To comply with legal obligations', es: 'Para cumplir obligaciones legales' },
  customer_support: {
    en: 'To investigate complaints and inquiries',
    es: 'Para atender quejas y consultas',
  },
} as const satisfies Record<string, Label>;
export type Purpose = keyof typeof PURPOSES;
const PURPOSE_KEYS = Object.keys(PURPOSES) as [Purpose];

/** Identity values a connector may use; SQL names them as `:email`, `:phone`, … */
export const IDENTITY_PARAMETERS = ['email', 'phone', 'accountNumber', 'firstName', 'lastName'] as const;
export type IdentityParameter = (typeof IDENTITY_PARAMETERS)[number];

const SYSTEM_KEY = /^[a-z0-9_]+$/;
/** A column or field name, safe to quote as an SQL identifier. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

const text = (max: number) => storableText().trim().min(1).max(max);
const statement = text(4000);
const envName = storableText().regex(ENV_NAME, {
  error: 'expected an environment variable name such as CRM_DATABASE_URL',
});

const CategorySchema = z.enum(CATEGORY_KEYS);

export const FieldMappingSchema = z.union([
  CategorySchema.transform((category) => ({ category, withhold: false })),
  z.strictObject({ category: CategorySchema, withhold: z.boolean().default(false) }),
]);
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

const PostgresConnectorSchema = z.strictObject({
  kind: z.literal('postgres'),
  urlEnv: envName,
  access: statement,
  delete: statement.optional(),
  /** `{{field}}` is replaced by a column chosen from the system's `fields`; the value is bound. */
  correct: statement.optional(),
  /** Run for an opt-out of sale or sharing, a limit or a Nevada opt-out; without it the owner is asked. */
  optOut: statement.optional(),
  /** Who the system holds (email, phone, accountNumber), for deletions:replay after a restore (Regs 7022(d)). */
  identities: statement.optional(),
});

const WebhookConnectorSchema = z.strictObject({
  kind: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  secretEnv: envName,
});

const ManualConnectorSchema = z.strictObject({ kind: z.literal('manual') });

export const ConnectorSchema = z.discriminatedUnion('kind', [
  PostgresConnectorSchema,
  WebhookConnectorSchema,
  ManualConnectorSchema,
]);
export type Connector = z.infer<typeof ConnectorSchema>;
export type PostgresConnector = z.infer<typeof PostgresConnectorSchema>;
export type WebhookConnector = z.infer<typeof WebhookConnectorSchema>;

export const RetainOnDeleteSchema = z.strictObject({
  exception: z.enum(DELETION_EXCEPTIONS),
  explanation: text(1000),
});

export const DataMapSystemSchema = z.strictObject({
  key: storableText().regex(SYSTEM_KEY, { error: 'expected lower-case letters, digits and _' }).max(64),
  name: text(200),
  /** Who does the system's manual tasks and is alerted when one of its tasks fails. */
  owner: z.email().max(254).optional(),
  categories: z.array(CategorySchema).default([]),
  sources: z.array(z.enum(SOURCE_KEYS)).default([]),
  purposes: z.array(z.enum(PURPOSE_KEYS)).default([]),
  /** Categories of third parties this system's data is disclosed to. */
  recipients: z.array(z.enum(RECIPIENT_KEYS)).default([]),
  /** Civ. 1798.120, 1798.135: opt-outs of sale and sharing must reach this system. */
  soldOrShared: z.boolean().default(false),
  retention: text(500).optional(),
  fields: z.record(storableText().regex(FIELD_NAME), FieldMappingSchema).default({}),
  /**
   * Which of its `fields` holds each piece a consumer may ask to correct (Civ. 1798.106):
   * a correct request makes a task only for the systems that hold the corrected piece.
   */
  corrects: z.partialRecord(z.enum(CORRECTABLE_FIELDS), storableText().regex(FIELD_NAME)).default({}),
  connector: ConnectorSchema,
  retainOnDelete: RetainOnDeleteSchema.optional(),
});
export type DataMapSystem = z.infer<typeof DataMapSystemSchema>;

export const DataMapSchema = z.strictObject({ systems: z.array(DataMapSystemSchema).default([]) });
export type DataMap = z.infer<typeof DataMapSchema>;

export const EMPTY_DATA_MAP: DataMap = { systems: [] };

/**
 * A system run by or feeding a third party: its deletion is a notice to that party to delete
 * (Civ. 1798.105(c)(1); Regs 7022(b)), answered by them, and it hears of every opt-out of sale
 * or sharing (Civ. 1798.135(f); Regs 7026(f)).
 */
export function isThirdPartySystem(system: DataMapSystem): boolean {
  return system.soldOrShared || system.recipients.some((kind) => kind !== 'service_providers');
}

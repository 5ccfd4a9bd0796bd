// Fixed word lists for the synthetic meetup history. Invented combinations
// of common words and syllables: no real post, name or text is copied.

/** Content words for talk titles, takeaways and descriptions, most frequent first (Zipf-drawn). */
export const WORDS = `
kubernetes cluster container service platform cloud deploy observability pipeline security
operator mesh scaling latency tracing metrics logging runtime network storage
controller policy workload gitops migration cost incident release registry image
serverless edge database streaming event queue cache resilience chaos testing
automation infrastructure terraform helm manifest namespace node scheduler autoscaler ingress
gateway proxy sidecar certificate identity secret vault compliance audit supply
chain signing provenance sbom vulnerability scanner admission webhook crd reconcile
state backup restore disaster recovery region zone failover replica shard partition
throughput budget slo sli alert dashboard oncall runbook postmortem toil
developer experience portal golden path template backstage feedback loop onboarding team
culture ownership platform-engineering product roadmap adoption maturity journey lesson
debugging profiling ebpf kernel syscall sandbox isolation wasm webassembly plugin
extension api contract schema graphql grpc protocol http quic tls mtls
dns routing traffic canary rollout rollback blue green feature flag experiment
batch job cron workflow orchestration dag spark data lake warehouse analytics
machine learning model training inference gpu accelerator llm agent prompt embedding
vector search index query optimizer planner transaction consistency consensus raft
etcd leader election heartbeat timeout retry backoff circuit breaker bulkhead
queueing fairness quota limit request burst spike capacity planning forecast
energy carbon efficiency sustainability footprint scheduling bin-packing spot preemptible
multi-tenant tenancy isolation rbac permission role binding account federation
hybrid on-premise bare-metal virtual machine hypervisor firmware boot image-builder
build cache artifact dependency monorepo version semver changelog upgrade deprecation
open-source community maintainer contributor governance foundation sandbox incubation graduation
documentation tutorial workshop demo livestream recording slide story failure success
startup enterprise bank retailer broadcaster publisher insurer telecom healthcare
mobile frontend backend microservice monolith modular boundary domain event-driven saga
observability-driven telemetry opentelemetry collector exporter sampling span baseline anomaly
memory leak garbage collector heap cpu throttling limits requests overcommit eviction
persistent volume snapshot csi driver filesystem object bucket encryption key rotation
`
  .trim()
  .split(/\s+/);

/** Glue words between content words, so sentences read like sentences. */
export const GLUE = ['the', 'a', 'of', 'with', 'for', 'and', 'in', 'to', 'on', 'without', 'across', 'at', 'by'];

export const VERBS = [
  'scale',
  'secure',
  'observe',
  'migrate',
  'debug',
  'automate',
  'measure',
  'ship',
  'replace',
  'simplify',
  'tune',
  'harden',
  'build',
  'run',
  'test',
  'trace',
  'break',
  'fix',
  'adopt',
  'retire',
];

export const TITLE_PATTERNS = [
  'How we {verb} {noun} {noun}',
  '{Noun} {noun} in production',
  'Lessons from {noun} {noun}',
  '{Noun} {noun}: {noun} {glue} {noun}',
  'Zero to {noun} {noun}',
  'Why your {noun} needs {noun}',
  '{Noun} at scale: {verb} {noun} {noun}',
  'A tale of {noun} and {noun}',
  '{Verb} {noun} {noun} without {noun}',
  'Beyond {noun}: {noun} {noun} {noun}',
];

export const FIRST_NAMES = `
Alex Amira Ana Anders Ari Asha Ben Bianca Caleb Carmen Chen Chiara Dana Daniel Dev Diego Elena Eli Emma Erik
Fatima Felix Femi Freya Gabriel Gita Hana Hugo Ines Ivan Jana Jonah Jordan Jun Kai Kamala Karim Kira Lars Lea
Leo Lina Luca Maya Mateo Mei Mila Milo Nadia Nate Nia Nico Noor Olga Omar Oscar Petra Priya Quinn Rafael Rhea
Rosa Sam Sana Sara Selim Simone Sofia Taro Tess Theo Uma Vera Victor Wen Xavi Yara Yusuf Zara Zoe
José Renée Zoë Søren Łukasz Björn Chloé Mátyás Ilkay Ngozi Kofi Aditi Rohan Ingrid Tomás Aoife Niamh Ewa Farid Leila
`
  .trim()
  .split(/\s+/);

export const SURNAME_HEADS = `
Ash Bel Cor Dal Ever Fen Gar Hal Ire Jor Kel Lin Mor Nor Ol Pen Quin Ros Sel Tor Ul Ven Wyn Yar Zel
Brad Cam Dun Elm Fair Glen Hart Kings Lang Mar Oak Pry Red Stan Thorn Whit Ald Bran Cal Dres
`
  .trim()
  .split(/\s+/);

export const SURNAME_TAILS = `
by den ford gate holm ington ley man more ner ridge sen ski ton vale well wood ová ez ić
stead worth croft field hurst lund berg quist ani elli
`
  .trim()
  .split(/\s+/);

export const COMPANY_HEADS = `
Acu Bri Cel Dyn Ela Flu Gra Hex Io Jun Kin Lum Mer Nex Orb Pax Qua Rho Syn Tes Umb Vor Wav Xen Yo Zen
Aer Bol Cir Dex Eon Fyr Gly Hal Ito Kol
`
  .trim()
  .split(/\s+/);

export const COMPANY_MIDDLES = ['ra', 'lo', 'vi', 'ta', 'no', 'mi', 'sa', 'ke', 'do', 'li', 'ro', 'tu'];

export const COMPANY_KINDS = [
  ' Labs',
  ' Systems',
  ' Cloud',
  ' Data',
  ' Software',
  ' Works',
  ' Technologies',
  ' Bank',
  ' Media',
  ' Health',
  ' Networks',
  ' Digital',
  '',
  '',
  '',
];

/** Legal-form spellings: "Acme Ltd" and "Acme" are one company (companyKey drops them). */
export const LEGAL_FORMS = [' Ltd', ' Inc.', ' GmbH', ' Limited', ', Inc.', '.io'];

export const VENUE_KINDS = ['Hall', 'House', 'Loft', 'Studio', 'Works', 'Exchange', 'Yard', 'Rooms'];
export const STREETS = ['Market', 'River', 'Chapel', 'Canal', 'Station', 'Mill', 'Bridge', 'Garden', 'Old', 'King'];

export const HOST_ROLES = ['Organiser', 'Co-organiser', 'Community Lead', 'Host'];
export const GUEST_ROLES = [
  'Developer Advocate at',
  'Engineering Manager at',
  'VP Ecosystem at',
  'Community Manager at',
];

import { MONTHS, monthName } from '../src/importer/parse/vocabulary.ts';

/** English month names, January first. */
export const MONTH_NAMES = MONTHS.map((_, i) => monthName(i));

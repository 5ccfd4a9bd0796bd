import type { ParsedPost, ParsedTalk } from '../importer/parsed-post.types.ts';

// A small demo graph: five Cloud Native London meetups (2018–2020). Dates,
// titles, talks, speakers, companies, sponsors and hosts are the historical
// facts; the takeaways are short summaries written for this project.

const CHERYL = 'Cheryl Hung';

function talk(
  position: number,
  title: string | null,
  speakers: [string, string | null][],
  extra: Partial<Pick<ParsedTalk, 'link' | 'startSeconds' | 'slidesUrl'>> & { takeaways?: string[] } = {},
): ParsedTalk {
  return {
    position,
    title,
    speakers: speakers.map(([name, company]) => ({ name, company })),
    link: extra.link ?? null,
    startSeconds: extra.startSeconds ?? null,
    slidesUrl: extra.slidesUrl ?? null,
    takeaways: extra.takeaways ?? [],
    line: 0,
  };
}

function sponsors(list: [string, string][]) {
  return list.map(([name, url]) => ({ name, url, line: 0 }));
}

const TECKNUOVO: [string, string] = ['Tecknuovo', 'https://www.tecknuovo.com/'];
const CONTINO: [string, string] = ['Contino', 'https://www.contino.io/'];
const PUSHER: [string, string] = ['Pusher', 'https://pusher.com/'];
const STORAGEOS: [string, string] = ['StorageOS', 'https://storageos.com/'];
const HUMIO: [string, string] = ['Humio', 'https://humio.com/'];
const SUSE: [string, string] = ['SUSE', 'https://www.suse.com/'];

function host(name: string, role: string) {
  const at = role.lastIndexOf(' at ');
  const company = at >= 0 ? role.slice(at + 4).replace(/^the\s+/i, '') : null;
  return { name, role, company, line: 0 };
}

export const DEMO_POSTS: ParsedPost[] = [
  {
    date: '2018-09-10',
    title: 'Cloud Native London, September 2018 - Financial Times, Armakuni and Sysdig',
    description: 'Demo roundup: Financial Times, Armakuni and Sysdig at Cloud Native London.',
    hosts: [host(CHERYL, 'Director of Ecosystem at the CNCF')],
    format: 'IN_PERSON',
    venue: null,
    attendeeCount: null,
    videoUrl: null,
    sponsors: sponsors([STORAGEOS, TECKNUOVO, CONTINO, PUSHER, ['Armakuni', 'https://www.armakuni.com/']]),
    talks: [
      talk(
        1,
        'Switching Horses Midstream: The Challenges of Migrating 150+ Microservices to Kubernetes',
        [['Sarah Wells', 'Financial Times']],
        {
          link: 'https://skillsmatter.com/skillscasts/12487-cloud-native',
          takeaways: [
            'Spend scarce innovation effort where it matters to the business; choose well-trodden tools elsewhere.',
            'When the ecosystem catches up with a home-grown platform, plan the move to the standard one.',
            'Running old and new platforms side by side costs double work, so migrate quickly.',
          ],
        },
      ),
      talk(
        2,
        "Where's the value in Cloud Native? High value cloud native practices, and how to sell them to your boss",
        [
          ['Zenon Hannick', 'Armakuni'],
          ['Billie Thompson', 'Armakuni'],
        ],
        {
          link: 'https://skillsmatter.com/skillscasts/12838-where-s-the-value-in-cloud-native',
          takeaways: [
            'Measure first: metrics make the case for change.',
            'Value stream mapping surfaces those metrics from any seat in the organisation.',
            'The fixes it points to are often cloud native practices.',
          ],
        },
      ),
      talk(3, 'Runtime Security for Cloud Native Platforms', [['Michael Ducy', 'Sysdig']], {
        link: 'https://skillsmatter.com/skillscasts/12839-runtime-security-for-cloud-native-platform',
        takeaways: [
          'Platforms offer many security switches; the choice can overwhelm.',
          'Runtime anomaly detection adds a layer that image scanning alone cannot give.',
        ],
      }),
    ],
    next: {
      date: '2018-10-09',
      dateAsWritten: '9th October',
      companies: ['Jetstack', 'WSO2', 'Exelerys'],
      rsvpUrl: null,
      line: 0,
    },
    warnings: [],
  },
  {
    date: '2018-12-12',
    title: 'Cloud Native London, December 2018 - Paybase, DNEG and ControlPlane',
    description: 'Demo roundup: Paybase, DNEG and ControlPlane at Cloud Native London.',
    hosts: [host(CHERYL, 'Director of Ecosystem at the CNCF')],
    format: 'IN_PERSON',
    venue: null,
    attendeeCount: null,
    videoUrl: 'https://www.youtube.com/embed/_adkJbf1bRU',
    sponsors: sponsors([STORAGEOS, TECKNUOVO, CONTINO, PUSHER]),
    talks: [
      talk(1, 'Continuous Delivery in the Cloud with Spinnaker and Kubernetes', [['Ana Calin', 'Paybase']], {
        link: 'https://youtu.be/_adkJbf1bRU?t=240',
        startSeconds: 240,
        slidesUrl: 'https://docs.google.com/presentation/d/1nl0kG-jQ2M2BZvySbYwbUOrF9bd2EokNoA1r2XywTfM/edit',
        takeaways: [
          'Spinnaker delivers to several clouds and accounts from one pipeline.',
          "Kubernetes' own Deployment object is not a full delivery pipeline.",
          'Spinnaker complements a CI server rather than replacing it.',
        ],
      }),
      talk(2, 'gRPC: Modern approach to write microservices', [['Dheeraj Bhadani', 'DNEG']], {
        link: 'https://youtu.be/_adkJbf1bRU?t=1975',
        startSeconds: 1975,
        takeaways: ['gRPC gives typed contracts, HTTP/2 streaming and generated stubs in many languages.'],
      }),
      talk(3, 'Secure GitOps in Production', [['Luke Bond', 'Control Plane']], {
        link: 'https://youtu.be/_adkJbf1bRU?t=4345',
        startSeconds: 4345,
        slidesUrl:
          'https://docs.google.com/presentation/d/1B-LtFa2766jbFFPwg5QgcQKwS2q8G_Jc4VK259fLA_o/edit?usp=sharing',
        takeaways: [
          'GitOps moves the attack surface of a cluster, mostly for the better.',
          'Threat modelling is a simple way to list what can go wrong.',
          'Modelling a GitOps setup shows where to harden it further.',
        ],
      }),
    ],
    next: {
      date: '2019-01-08',
      dateAsWritten: '8th January',
      companies: ['HashiCorp', 'Elastic', 'Contino'],
      rsvpUrl: null,
      line: 0,
    },
    warnings: [],
  },
  {
    date: '2019-06-05',
    title: 'Cloud Native London, June 2019: Pivotal, mnemonic and Alex Tasioulis',
    description: 'Demo roundup: Pivotal, mnemonic and Alex Tasioulis at Cloud Native London.',
    hosts: [host(CHERYL, 'Director of Ecosystem at the CNCF')],
    format: 'IN_PERSON',
    venue: 'Codenode',
    attendeeCount: null,
    videoUrl: null,
    sponsors: sponsors([TECKNUOVO, CONTINO, PUSHER, HUMIO, SUSE, ['Twistlock', 'https://www.twistlock.com/']]),
    talks: [
      talk(1, null, [['Josh Michielsen', null]], {
        takeaways: [],
      }),
      talk(2, 'Creating a DevOps culture, whatever that means', [['Michael Coté', 'Pivotal']], {
        link: 'https://skillsmatter.com/skillscasts/12557-cloud-native',
        takeaways: [
          'The threat to large organisations is their own slowness at software, not start-ups.',
          'Changing culture at scale needs executives behind it.',
          'Blameless culture starts with managers talking about their own failures.',
        ],
      }),
      talk(3, 'Securing microservices in a serverless world', [['Andreas Claesson', 'mnemonic']], {
        link: 'https://skillsmatter.com/skillscasts/14001-securing-microservices-in-a-serverless-world',
        takeaways: [
          'Moving to cloud vendors calls for updated penetration testing methods.',
          'Many small serverless functions each need security attention.',
          'Serverless trades scalability and cost for complexity.',
        ],
      }),
      talk(4, 'Observability for microservices: practical advice', [['Alex Tasioulis', null]], {
        link: 'https://skillsmatter.com/skillscasts/13924-observability-for-microservices-practical-advice',
        takeaways: [
          'Observability is a culture question as much as logs, metrics and traces.',
          'Prefer rich context and structured events.',
          'Developers have to instrument their own code.',
        ],
      }),
    ],
    next: {
      date: '2019-07-03',
      dateAsWritten: '3rd July',
      companies: ['Suade', 'SUSE', 'Dynatrace'],
      rsvpUrl: null,
      line: 0,
    },
    warnings: [],
  },
  {
    date: '2019-12-10',
    title: 'Cloud Native London December 2019: D2iQ, EXELERYS and Twistlock',
    description: 'Demo roundup: D2iQ, EXELERYS and Twistlock at Cloud Native London.',
    hosts: [host('Josh Michielsen', 'Senior Software Engineer at Condé Nast International')],
    format: 'IN_PERSON',
    venue: null,
    attendeeCount: null,
    videoUrl: null,
    sponsors: sponsors([
      TECKNUOVO,
      CONTINO,
      PUSHER,
      HUMIO,
      ['xMatters', 'https://www.xmatters.com/'],
      SUSE,
      ['D2iQ', 'https://d2iq.com'],
      ['Twistlock', 'https://www.twistlock.com'],
      ['OVH', 'https://www.ovh.co.uk'],
    ]),
    talks: [
      talk(1, 'Introducing Kudo', [['Matt Jarvis', 'D2iQ']], {
        startSeconds: 570,
        takeaways: [
          'Stateful workloads on Kubernetes remain hard.',
          'Hand-written operators need a lot of code and knowledge.',
          'KUDO lets you describe an operator mostly in YAML.',
        ],
      }),
      talk(2, 'Securing DevOps CI/CD Pipelines in the Cloud', [['Jesus Escolar', 'EXELERYS']], {
        startSeconds: 2620,
        takeaways: [
          'DevOps security tooling is fragmented; pick tools that fit the business.',
          'DevSecOps belongs inside the cloud adoption framework.',
          'Old security lessons apply again: think zero trust.',
        ],
      }),
      talk(3, 'The Age of the Cloud Native Security Platform', [['Ashley Ward', 'Twistlock']], {
        startSeconds: 5090,
        takeaways: [
          'Cloud native compute is more than serverless; the right option depends on the workload.',
          'Short-lived workloads outpace traditional security tools.',
          'A single platform can cover security across the cloud native stack.',
        ],
      }),
    ],
    next: {
      date: '2020-01-08',
      dateAsWritten: '8th January',
      companies: ['VMWare', 'Esquimo', 'WoTT'],
      rsvpUrl: null,
      line: 0,
    },
    warnings: [],
  },
  {
    date: '2020-12-02',
    title: 'Cloud Native London December 2020: Welcoming Solo.io, Nectar, and Red Sift',
    description: 'Demo roundup: Solo.io, Nectar and Red Sift at Cloud Native London, online.',
    hosts: [host(CHERYL, 'VP Ecosystem at CNCF')],
    format: 'VIRTUAL',
    venue: null,
    attendeeCount: null,
    videoUrl: 'https://www.youtube.com/embed/3MG3ZR6_IRM',
    sponsors: sponsors([TECKNUOVO, HUMIO, ['Palo Alto Networks', 'https://www.paloaltonetworks.com/']]),
    talks: [
      talk(1, 'The challenges of exposing and connecting microservices', [['Denis Jannot', 'Solo.io']], {
        link: 'https://youtu.be/3MG3ZR6_IRM?t=1389',
        startSeconds: 1389,
        takeaways: [
          'An Ingress is a start; an API gateway adds what production needs.',
          'After the edge, secure service-to-service traffic with a mesh.',
          'WebAssembly is how Envoy will be extended.',
        ],
      }),
      talk(2, 'Sharing Kubernetes Apps: Can we do Better?', [['Xavier Millot', 'Nectar']], {
        link: 'https://youtu.be/3MG3ZR6_IRM?t=3179',
        startSeconds: 3179,
        takeaways: [
          'Helm charts and operators are the minimum when others run your app.',
          'Get telemetry back from apps you ship.',
          'Self-hosting customers can matter as much as SaaS ones.',
        ],
      }),
      talk(3, 'Moving to the cloud with evidence', [['Peter Parkanyi', 'Red Sift']], {
        link: 'https://youtu.be/3MG3ZR6_IRM?t=5794',
        startSeconds: 5794,
        takeaways: [
          'A cloud move needs planning and experiments across disciplines.',
          'Monitoring the right things builds confidence to move.',
          'Infrastructure without boundaries needs new thinking about security.',
        ],
      }),
    ],
    next: {
      date: '2021-01-06',
      dateAsWritten: 'Wednesday 6th January',
      companies: ['Sainsburys', 'Hazelcast', 'Exelerys'],
      rsvpUrl: 'https://www.meetup.com/Cloud-Native-London/events/273170961/',
      line: 0,
    },
    warnings: [],
  },
];

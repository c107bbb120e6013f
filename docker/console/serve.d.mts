export declare const HEADERS_PATH: string;
export declare const TEMPLATE_PATH: string;
export declare function securityHeaders(): Record<string, string>;
export declare function nginxBinary(): string | null;
export declare function renderServerConfig(options: {
  root: string;
  apiUpstream: string;
  port: number;
}): Promise<string>;
export declare function startNginx(options: {
  root: string;
  apiUpstream: string;
  port: number;
  bin?: string | null;
}): Promise<{ url: string; stop: () => Promise<void>; checkOutput: string }>;

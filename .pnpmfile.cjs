// Adjusts dependency manifests before pnpm resolves them (https://pnpm.io/pnpmfile).
module.exports = {
  hooks: {
    readPackage(manifest) {
      // @prisma/client's optional peers, the Prisma CLI and TypeScript, are what its generator
      // runs with; at run time it needs neither. Without this pnpm links both to it, and every
      // service's production install (container images) carries ~250 MB of CLI, Prisma Studio
      // and compiler. `ecommerce-db generate` runs the CLI from @ecommerce/db's devDependencies.
      if (manifest.name === '@prisma/client') {
        delete manifest.peerDependencies?.prisma;
        delete manifest.peerDependencies?.typescript;
        delete manifest.peerDependenciesMeta?.prisma;
        delete manifest.peerDependenciesMeta?.typescript;
      }
      return manifest;
    },
  },
};

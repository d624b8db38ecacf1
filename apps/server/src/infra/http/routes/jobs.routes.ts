import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ApplicationError } from "../../../application/application-error";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { presentJob, presentPage } from "../presenters";
import { idParams, operatorActionBody } from "../schemas/common.schemas";
import { listJobsQuery } from "../schemas/job.schemas";

export const jobsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get("/v1/jobs", { schema: { querystring: listJobsQuery } }, async (request) => {
    const { q, ...query } = request.query;
    const page = await deps.repos.jobs.list({
      ...query,
      search: q || undefined,
      organizationId: organizationOf(request),
    });
    return presentPage(page, presentJob);
  });

  app.get("/v1/jobs/:id", { schema: { params: idParams } }, async (request) => {
    const job = await deps.repos.jobs.findById(request.params.id);
    if (!job || job.toProps().organizationId !== organizationOf(request)) {
      throw new ApplicationError("JOB_NOT_FOUND", `job ${request.params.id} not found`);
    }
    return presentJob(job);
  });

  app.post(
    "/v1/jobs/:id/retry",
    { schema: { params: idParams, body: operatorActionBody } },
    async (request) => {
      const job = await deps.requeueJob.execute({
        organizationId: organizationOf(request),
        jobId: request.params.id,
        actor: request.body.actor,
        reason: request.body.reason,
      });
      return presentJob(job);
    },
  );
};

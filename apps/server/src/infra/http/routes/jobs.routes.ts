import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ApplicationError } from "../../../application/application-error";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { presentJob, presentJobWithMessage, presentPage } from "../presenters";
import { idParams, operatorActionBody } from "../schemas/common.schemas";
import { errorResponses } from "../schemas/error.schemas";
import {
  bulkRetryBody,
  bulkRetryResponse,
  confirmJobBody,
  jobPageResponse,
  jobResponse,
  listJobsQuery,
} from "../schemas/job.schemas";

export const jobsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get(
    "/v1/jobs",
    {
      schema: {
        summary:
          "List execution jobs, newest first, by status, instance, purpose, creation time and a search",
        tags: ["jobs"],
        querystring: listJobsQuery,
        response: { 200: jobPageResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { q, ...query } = request.query;
      const page = await deps.repos.jobs.list({
        ...query,
        search: q || undefined,
        organizationId: organizationOf(request),
      });
      const intents = new Map(
        (await deps.repos.intents.findMany(page.items.map((job) => job.toProps().intentId))).map((intent) => [
          intent.id,
          intent.toProps(),
        ]),
      );
      return presentPage(page, (job) => presentJobWithMessage(job, intents.get(job.toProps().intentId)));
    },
  );

  app.get(
    "/v1/jobs/:id",
    {
      schema: {
        summary: "One execution job",
        tags: ["jobs"],
        params: idParams,
        response: { 200: jobResponse, ...errorResponses },
      },
    },
    async (request) => {
      const job = await deps.repos.jobs.findById(request.params.id);
      if (!job || job.toProps().organizationId !== organizationOf(request)) {
        throw new ApplicationError("JOB_NOT_FOUND", `job ${request.params.id} not found`);
      }
      return presentJob(job);
    },
  );

  app.post(
    "/v1/jobs/bulk-retry",
    {
      schema: {
        summary: "Retry every FAILED job matching the filter (instance, creation time)",
        tags: ["jobs"],
        body: bulkRetryBody,
        response: { 200: bulkRetryResponse, ...errorResponses },
      },
    },
    async (request) =>
      deps.bulkRetryJobs.execute({ ...request.body, organizationId: organizationOf(request) }),
  );

  app.post(
    "/v1/jobs/:id/confirm",
    {
      schema: {
        summary: "Confirm an UNCONFIRMED job as SENT (an operator saw it delivered)",
        tags: ["jobs"],
        params: idParams,
        body: confirmJobBody,
        response: { 200: jobResponse, ...errorResponses },
      },
    },
    async (request) =>
      presentJob(
        await deps.confirmJob.execute({
          ...request.body,
          organizationId: organizationOf(request),
          jobId: request.params.id,
        }),
      ),
  );

  // Operator actions that take only who and why: one route shape, each its own use case.
  const simpleActions = [
    ["resend", "Send an UNCONFIRMED job again now (the operator knows it did not arrive)", deps.resendJob],
    ["cancel", "Cancel a waiting (PENDING/RETRY) job; its intent is DROPPED", deps.cancelJob],
    ["retry", "Send a FAILED job again with a fresh attempt budget", deps.requeueJob],
  ] as const;
  for (const [action, summary, useCase] of simpleActions) {
    app.post(
      `/v1/jobs/:id/${action}`,
      {
        schema: {
          summary,
          tags: ["jobs"],
          params: idParams,
          body: operatorActionBody,
          response: { 200: jobResponse, ...errorResponses },
        },
      },
      async (request) =>
        presentJob(
          await useCase.execute({
            ...request.body,
            organizationId: organizationOf(request),
            jobId: request.params.id,
          }),
        ),
    );
  }
};

{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<h1 class="govuk-heading-l">Overview</h1>
<ul class="govuk-list">
  {{#TAG}}<li><strong>{{TAG_LABEL}}:</strong> <strong class="govuk-tag {{TAG_CLASS}}">{{TAG_TEXT}}</strong></li>{{/TAG}}
</ul>
{{#DECLINED}}<div class="govuk-inset-text">The request was declined: {{REASON}}</div>{{/DECLINED}}
{{#REFERRAL}}<div class="govuk-inset-text">Step-up <a class="govuk-link" href="/referrals/{{RID}}">referral {{RID}}</a>: {{OUTCOME}}.</div>{{/REFERRAL}}
{{#ACTIONS}}<ul class="govuk-list">{{#ACTION}}<li><a class="govuk-link" href="{{HREF}}">{{TEXT}}</a></li>{{/ACTION}}</ul>{{/ACTIONS}}
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper"><h2 class="govuk-summary-card__title">People in this episode</h2></div>
  <div class="govuk-summary-card__content">
    <dl class="govuk-summary-list">
      {{#PERSON}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
        <dt class="govuk-summary-list__key">{{ROLE}}</dt>
        <dd class="govuk-summary-list__value">{{#LINK}}<a class="govuk-link" href="/people/{{PID}}">{{NAME}}</a>{{/LINK}}{{#NOLINK}}{{NAME}}{{/NOLINK}}<br><span class="govuk-body-s">Born {{BORN}}</span></dd>
      </div>
      {{/PERSON}}
    </dl>
  </div>
</div>
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper"><h2 class="govuk-summary-card__title">Episode</h2></div>
  <div class="govuk-summary-card__content">
    <dl class="govuk-summary-list">
      <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Requested</dt><dd class="govuk-summary-list__value">{{REQUESTED}}</dd></div>
      <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Allocated</dt><dd class="govuk-summary-list__value">{{ALLOCATED}}</dd></div>
      {{#CLOSED}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Closed</dt><dd class="govuk-summary-list__value">{{CLOSURE}}</dd></div>{{/CLOSED}}
    </dl>
  </div>
</div>
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper"><h2 class="govuk-summary-card__title">About the request</h2></div>
  <div class="govuk-summary-card__content">
    <dl class="govuk-summary-list">
      {{#START}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">{{KEY}}</dt><dd class="govuk-summary-list__value ehm-note">{{#PLAIN}}{{VALUE:pre_escape}}{{/PLAIN}}{{#MISSING}}<span class="ehm-missing">{{VALUE:pre_escape}}</span>{{/MISSING}}</dd></div>
      {{/START}}
    </dl>
  </div>
</div>
<p class="govuk-body-s">{{UPDATED}}</p>
